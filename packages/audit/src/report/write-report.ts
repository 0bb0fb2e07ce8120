import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AuditResult } from '../result.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';

export interface WrittenReport {
  readonly html: string;
  readonly json: string;
  readonly junit: string;
}

/** Writes `rapport.html`, `rapport.json` and `rapport.junit.xml` into `folder` (created if needed). */
export async function writeReport(result: AuditResult, folder: string): Promise<WrittenReport> {
  const directory = resolve(folder);
  await mkdir(directory, { recursive: true });
  const files = {
    html: join(directory, 'rapport.html'),
    json: join(directory, 'rapport.json'),
    junit: join(directory, 'rapport.junit.xml'),
  };
  await Promise.all([
    writeFile(files.html, renderHtml(result)),
    writeFile(files.json, renderJson(result)),
    writeFile(files.junit, renderJunit(result)),
  ]);
  return files;
}
