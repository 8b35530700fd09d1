// A minimal VSTest TRX file: enough for scripts/test.sh (ResultSummary/Counters) and for CI viewers
// (one UnitTest definition + one UnitTestResult per test).
import { randomUUID } from "node:crypto";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const escape = (text) => String(text ?? "")
  .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  // characters XML 1.0 cannot carry (ANSI escapes in error messages)
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

function duration(ms) {
  const total = Math.max(0, ms);
  const h = Math.floor(total / 3_600_000), m = Math.floor(total / 60_000) % 60, s = Math.floor(total / 1000) % 60;
  const frac = String(Math.round(total % 1000) * 10_000).padStart(7, "0");
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}.${frac}`;
}

/** results: [{ name, outcome: "Passed"|"Failed", start: Date, end: Date, error?: string }] */
export function writeTrx(file, results, { storage = "tests/e2e/run.mjs", runName = "e2e" } = {}) {
  const listId = "8c84fa94-04c1-424b-9868-57a2d4851a1d"; // VSTest's "Results Not in a List"
  const runId = randomUUID();
  const start = results[0]?.start ?? new Date();
  const end = results.at(-1)?.end ?? new Date();
  const rows = results.map((r) => ({ ...r, testId: randomUUID(), executionId: randomUUID() }));
  const passed = rows.filter((r) => r.outcome === "Passed").length;
  const failed = rows.filter((r) => r.outcome === "Failed").length;
  const notExecuted = rows.filter((r) => r.outcome === "NotExecuted").length;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<TestRun id="${runId}" name="${escape(runName)}" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Times creation="${start.toISOString()}" queuing="${start.toISOString()}" start="${start.toISOString()}" finish="${end.toISOString()}" />
  <Results>
${rows.map((r) => `    <UnitTestResult executionId="${r.executionId}" testId="${r.testId}" testName="${escape(r.name)}" computerName="localhost" duration="${duration(r.end - r.start)}" startTime="${r.start.toISOString()}" endTime="${r.end.toISOString()}" testType="13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b" outcome="${r.outcome}" testListId="${listId}">${r.outcome !== "Passed" ? `
      <Output>${r.outcome === "Failed" ? `<ErrorInfo><Message>${escape(r.error)}</Message></ErrorInfo>` : `<StdOut>${escape(r.error)}</StdOut>`}</Output>
    ` : ""}</UnitTestResult>`).join("\n")}
  </Results>
  <TestDefinitions>
${rows.map((r) => `    <UnitTest name="${escape(r.name)}" storage="${escape(storage)}" id="${r.testId}">
      <Execution id="${r.executionId}" />
      <TestMethod codeBase="${escape(storage)}" adapterTypeName="executor://e2e/run.mjs" className="e2e.${escape(r.suite ?? "browser")}" name="${escape(r.name)}" />
    </UnitTest>`).join("\n")}
  </TestDefinitions>
  <TestEntries>
${rows.map((r) => `    <TestEntry testId="${r.testId}" executionId="${r.executionId}" testListId="${listId}" />`).join("\n")}
  </TestEntries>
  <TestLists>
    <TestList name="Results Not in a List" id="${listId}" />
  </TestLists>
  <ResultSummary outcome="${failed ? "Failed" : "Completed"}">
    <Counters total="${rows.length}" executed="${rows.length - notExecuted}" passed="${passed}" failed="${failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="${notExecuted}" disconnected="0" warning="0" completed="${rows.length - notExecuted}" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
`;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, xml);
}
