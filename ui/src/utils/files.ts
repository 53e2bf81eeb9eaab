// Default names and places of the files the app writes (submissions, templates, keys).

/** Characters no file system takes in a name (Windows is the strictest), and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g

/** A file name made safe to write: forbidden characters become "_", no dots or spaces at the ends. */
export function safeFileName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').replace(UNSAFE, '_').trim().replace(/^[.\s]+|[.\s]+$/g, '')
  return clean === '' ? '_' : clean
}

/** `dir` joined with `name`, with the separator the folder path already uses. */
export function joinPath(dir: string, name: string): string {
  if (dir === '') return name
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`
}

/** 单位-年度-能源利用状况报告.xlsx: the default name of an exported report. */
export function reportFileName(unit: string, year: number | string, suffix: string): string {
  return safeFileName(`${unit}-${year}-${suffix}`) + '.xlsx'
}

/** The blank template of a pack for a year, e.g. 能源利用状况报告-2024年度-空白模板（全国通用表式）.xlsx. */
export function templateFileName(title: string, packName: string): string {
  return safeFileName(packName ? `${title}（${packName}）` : title) + '.xlsx'
}
