/**
 * Code under test calls @actions/core, which prints workflow commands (`::error::`, `::add-mask::`). When the
 * tests themselves run inside GitHub Actions the runner would act on them (annotations, masks), so they are
 * kept out of the test output. Child processes (the end-to-end runs) are captured by the tests, not printed.
 */
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  const kept = text
    .split('\n')
    .filter(line => !line.startsWith('::'))
    .join('\n')
  if (kept.trim() === '' && text.trim() !== '') return true
  return (write as (c: string, ...r: unknown[]) => boolean)(kept, ...rest)
}) as typeof process.stdout.write
