import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { RenderTurns } from "./render-turns";

const response = () => new EventEmitter();

describe("RenderTurns", () => {
  it("lets `max` requests in at once and the next one in as each closes, in arrival order", () => {
    const turns = new RenderTurns(2);
    const started: number[] = [];
    const responses = [0, 1, 2, 3].map(() => response());
    responses.forEach((res, i) => {
      turns.enter(res, () => started.push(i));
    });
    expect(started).toEqual([0, 1]);
    expect([turns.inside, turns.waiting]).toEqual([2, 2]);
    responses[1]?.emit("close");
    expect(started).toEqual([0, 1, 2]);
    responses[0]?.emit("close");
    expect(started).toEqual([0, 1, 2, 3]);
    for (const res of responses) res.emit("close");
    expect([turns.inside, turns.waiting]).toEqual([0, 0]);
  });

  it("skips a request whose client left while it waited, without using a turn", () => {
    const turns = new RenderTurns(1);
    const started: string[] = [];
    const first = response();
    const gone = response();
    const last = response();
    turns.enter(first, () => started.push("first"));
    turns.enter(gone, () => started.push("gone"));
    turns.enter(last, () => started.push("last"));
    gone.emit("close");
    first.emit("close");
    expect(started).toEqual(["first", "last"]);
    expect(turns.inside).toBe(1);
    last.emit("close");
    expect(turns.inside).toBe(0);
  });

  it("gives a turn back once, however often the response says it closed", () => {
    const turns = new RenderTurns(1);
    const a = response();
    turns.enter(a, () => {});
    a.emit("close");
    a.emit("close");
    const started: string[] = [];
    turns.enter(response(), () => started.push("b"));
    turns.enter(response(), () => started.push("c"));
    expect(started).toEqual(["b"]);
  });

  it("refuses a turn count that is not a positive whole number", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new RenderTurns(bad)).toThrow(/positive whole number/);
  });
});
