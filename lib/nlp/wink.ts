import model from "wink-eng-lite-web-model";
import winkNLP, { type WinkMethods } from "wink-nlp";

let loaded: WinkMethods | undefined;

/**
 * The wink-nlp pipeline, loaded on first use and kept for the life of the process: building it reads
 * the 4 MB model (about 0.3 s), which must not happen per article or in processes that never analyse.
 * Only the stages entity extraction reads: sentence boundaries, part-of-speech tags and wink's own
 * named entities (dates, times, numbers), which keep "Monday" or "2019" out of names and tags.
 */
export function wink(): WinkMethods {
  loaded ??= winkNLP(model, ["sbd", "pos", "ner"]);
  return loaded;
}
