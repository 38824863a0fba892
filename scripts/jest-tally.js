// Prints the plain closing line CI reads ("tests: N passed, N failed, N skipped") after jest's own summary.
export default class TallyReporter {
  onRunComplete(_contexts, results) {
    const {
      numPassedTests: passed,
      numFailedTests: failed,
      numPendingTests: skipped,
      numTodoTests: todo
    } = results
    const broken = results.numRuntimeErrorTestSuites
    process.stdout.write(`\ntests: ${passed} passed, ${failed + broken} failed, ${skipped + todo} skipped\n`)
  }
}
