import { describe, expect, it } from "vitest";
import { answerQuestion } from "./ask";

const sentences = [
  "A fire broke out at the Harbour Hotel in Portmere early on Tuesday.",
  "Firefighters rescued 35 guests from the upper floors.",
  "The cause of the fire is not yet known, the fire service said.",
  "Mayor Lena Ortiz said the city would pay for temporary housing.",
  "The hotel was built in 1962 and had six floors.",
];

describe("answerQuestion", () => {
  it("ranks the sentence that answers the question first", () => {
    const r = answerQuestion("How many guests were rescued?", sentences);
    expect(r.status).toBe("answered");
    if (r.status !== "answered") return;
    expect(r.answers[0]?.sentence).toBe(1);
  });

  it("matches other forms of the question's words", () => {
    const r = answerQuestion("Who is paying for housing?", sentences, { people: ["Lena Ortiz"] });
    expect(r.status === "answered" && r.answers[0]?.sentence).toBe(3);
  });

  it("prefers the sentence that covers more of the question", () => {
    const r = answerQuestion("What caused the fire?", sentences);
    expect(r.status === "answered" && r.answers[0]?.sentence).toBe(2);
  });

  it("says nothing matches when the article does not cover the question", () => {
    expect(answerQuestion("What did the football manager say about transfers?", sentences)).toEqual({
      status: "no-match",
    });
    expect(answerQuestion("What is it about?", sentences)).toEqual({ status: "no-match" });
  });

  it("refuses empty and overlong questions with a message", () => {
    expect(answerQuestion("   ", sentences).status).toBe("invalid");
    const long = answerQuestion("why ".repeat(80), sentences);
    expect(long.status).toBe("invalid");
    expect(long.status === "invalid" && long.message).toMatch(/200 characters/);
  });

  it("answers 'what did X say' with X's own words first", () => {
    // The tennis story of the sample content (db/sample/content.ts), in its sentences.
    const tennis = [
      "A year ago, Mira Sallis was ranked 214th in the world and playing qualifying events in half-empty stadiums.",
      "Tomorrow she will play for her first tour title, after beating third seed Katarina Dvorsky 6-3, 7-5 in the Westhaven Open semi-final.",
      "Sallis, 19, from Portmere, has not dropped a set all week.",
      "Against Dvorsky she won 78 per cent of points on her first serve and broke at 5-5 in the second set.",
      "“I'm trying not to think about what it means,” Sallis said.",
      "“If I think about it, I'll start counting ranking points in my head, and I'm bad at maths.”",
      "Whatever happens, Sallis will rise to around 48th in the world rankings.",
    ];
    const r = answerQuestion("What did Sallis say?", tennis, { people: ["Mira Sallis"] });
    expect(r.status).toBe("answered");
    if (r.status !== "answered") return;
    expect(r.answers[0]?.sentence).toBe(4);
  });
});
