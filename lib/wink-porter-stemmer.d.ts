// wink-eng-lite-web-model (already a dependency, for the NLP work) ships a Porter2 stemmer as a
// standalone CommonJS file; importing that file alone avoids loading the whole language model.
declare module "wink-eng-lite-web-model/dist/porter-stemmer.js" {
  const stem: (word: string) => string;
  export default stem;
}
