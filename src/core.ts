import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, writeFile } from 'node:fs/promises'
import { constants } from 'node:fs'
import { EOL } from 'node:os'

/**
 * The part of @actions/core this action uses, with the same names and the same bytes on stdout and in the
 * runner's files (actions/toolkit packages/core: command.ts, file-command.ts, summary.ts). Not the package
 * itself: importing it loads @actions/http-client and a whole undici for OIDC tokens this action never asks
 * for, ~30 ms and 1 MB of the main bundle that every run would compile before its first step. Libraries that
 * bring their own @actions/core (glob, artifact, github) still load it when they are used.
 */

/** Where an annotation points (a file and lines or columns), as @actions/core takes it. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

function toCommandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return String(input)
  return JSON.stringify(input)
}

function escapeData(s: unknown): string {
  return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: unknown): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::command key=value,…::message`, data and properties escaped as the runner unescapes them. */
export function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',')
  const head = Object.keys(properties).length ? `::${command} ${props}` : `::${command}`
  process.stdout.write(`${head}::${escapeData(message)}${EOL}`)
}

function annotation(props: AnnotationProperties): Record<string, unknown> {
  if (!Object.keys(props).length) return {}
  return {
    title: props.title,
    file: props.file,
    line: props.startLine,
    endLine: props.endLine,
    col: props.startColumn,
    endColumn: props.endColumn
  }
}

export function getInput(name: string, options?: { required?: boolean; trimWhitespace?: boolean }): string {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`)
  return options?.trimWhitespace === false ? value : value.trim()
}

/** An output, through the GITHUB_OUTPUT file with a random delimiter (the value cannot end it early). */
export function setOutput(name: string, value: unknown): void {
  const file = process.env.GITHUB_OUTPUT || ''
  if (!file) {
    process.stdout.write(EOL)
    issueCommand('set-output', { name }, toCommandValue(value))
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = toCommandValue(value)
  if (name.includes(delimiter) || text.includes(delimiter))
    throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`)
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1'
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('notice', annotation(properties), message instanceof Error ? message.toString() : message)
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('warning', annotation(properties), message instanceof Error ? message.toString() : message)
}

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('error', annotation(properties), message instanceof Error ? message.toString() : message)
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name)
  try {
    return await fn()
  } finally {
    issueCommand('endgroup', {}, '')
  }
}

/** A table cell: text, or an object with header/colspan/rowspan. */
export type SummaryTableCell = string | { data: string; header?: boolean; colspan?: string; rowspan?: string }

/** The job summary buffer (GITHUB_STEP_SUMMARY): the HTML @actions/core writes for the same calls. */
class Summary {
  private buffer = ''
  private path: string | undefined

  private async filePath(): Promise<string> {
    if (this.path) return this.path
    const fromEnv = process.env.GITHUB_STEP_SUMMARY
    if (!fromEnv)
      throw new Error(
        'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
      )
    try {
      await access(fromEnv, constants.R_OK | constants.W_OK)
    } catch {
      throw new Error(
        `Unable to access summary file: '${fromEnv}'. Check if the file has correct read/write permissions.`
      )
    }
    this.path = fromEnv
    return fromEnv
  }

  private wrap(tag: string, content: string | null, attrs: Record<string, string> = {}): string {
    const html = Object.entries(attrs)
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('')
    return content ? `<${tag}${html}>${content}</${tag}>` : `<${tag}${html}>`
  }

  async write(options?: { overwrite?: boolean }): Promise<Summary> {
    const path = await this.filePath()
    await (options?.overwrite ? writeFile : appendFile)(path, this.buffer, { encoding: 'utf8' })
    return this.emptyBuffer()
  }

  async clear(): Promise<Summary> {
    return this.emptyBuffer().write({ overwrite: true })
  }

  stringify(): string {
    return this.buffer
  }

  isEmptyBuffer(): boolean {
    return this.buffer.length === 0
  }

  emptyBuffer(): Summary {
    this.buffer = ''
    return this
  }

  addRaw(text: string, addEOL = false): Summary {
    this.buffer += text
    return addEOL ? this.addEOL() : this
  }

  addEOL(): Summary {
    return this.addRaw(EOL)
  }

  addHeading(text: string, level: number | string = 1): Summary {
    const tag = `h${level}`
    const allowed = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag) ? tag : 'h1'
    return this.addRaw(this.wrap(allowed, text)).addEOL()
  }

  addList(items: string[], ordered = false): Summary {
    const list = items.map(item => this.wrap('li', item)).join('')
    return this.addRaw(this.wrap(ordered ? 'ol' : 'ul', list)).addEOL()
  }

  addDetails(label: string, content: string): Summary {
    return this.addRaw(this.wrap('details', this.wrap('summary', label) + content)).addEOL()
  }

  addTable(rows: SummaryTableCell[][]): Summary {
    const body = rows
      .map(row =>
        this.wrap(
          'tr',
          row
            .map(cell => {
              if (typeof cell === 'string') return this.wrap('td', cell)
              const { header, data, colspan, rowspan } = cell
              const attrs: Record<string, string> = {
                ...(colspan && { colspan }),
                ...(rowspan && { rowspan })
              }
              return this.wrap(header ? 'th' : 'td', data, attrs)
            })
            .join('')
        )
      )
      .join('')
    return this.addRaw(this.wrap('table', body)).addEOL()
  }
}

export const summary = new Summary()
