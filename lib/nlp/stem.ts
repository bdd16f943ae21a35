/**
 * A deliberately light English stemmer for matching, not for display: it folds plurals and the
 * commonest verb endings ("elections" → "election", "collapsed" and "collapse" → "collaps") so a
 * question, a tag or a key phrase meets the same word in another form. Porter-style stemmers conflate
 * far more ("general"/"generate"), which hurts precision on short questions.
 */
export function stem(word: string): string {
  const w = word.toLowerCase().replace(/['’]s$/, "");
  if (w.length <= 3) return w;
  return dropFinalE(stripSuffix(w));
}

function stripSuffix(w: string): string {
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous)$/.test(w)) return w;
  if (/(?:ches|shes|xes|sses|zes)$/.test(w)) return w.slice(0, -2);
  if (/s$/.test(w)) return w.slice(0, -1);
  if (/ing$/.test(w) && w.length > 5) return undoubled(w.slice(0, -3));
  if (/ed$/.test(w) && w.length > 4) return undoubled(w.slice(0, -2));
  return w;
}

// "nurse"/"nurses", "strike"/"strikes"/"striking" all end up without the e.
function dropFinalE(w: string): string {
  return /e$/.test(w) && w.length > 4 ? w.slice(0, -1) : w;
}

// "stopped" → "stopp" → "stop"; leaves "fall", "press", "add" alone.
function undoubled(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}
