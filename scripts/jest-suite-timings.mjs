/**
 * Jest reporter: after the run, every test file with its wall time, slowest first, so a slow suite is
 * visible in CI's log. Listed after jest's default reporter, whose "Tests: …" summary CI adds up.
 */
export default class SuiteTimingsReporter {
  onRunComplete(_contexts, results) {
    const suites = results.testResults
      .map((suite) => ({
        file: suite.testFilePath.replace(`${process.cwd()}/`, ''),
        seconds: (suite.perfStats.end - suite.perfStats.start) / 1000,
        failed: suite.numFailingTests > 0 || Boolean(suite.testExecError),
      }))
      .toSorted((a, b) => b.seconds - a.seconds);
    if (suites.length === 0) return;
    const total = suites.reduce((sum, suite) => sum + suite.seconds, 0);
    const lines = suites.map((suite) => `${suite.seconds.toFixed(1).padStart(7)} s  ${suite.failed ? 'FAIL ' : ''}${suite.file}`);
    process.stderr.write(`\nSuite timings (${suites.length} files, ${total.toFixed(1)} s summed over workers):\n${lines.join('\n')}\n`);
  }
}
