// Writes schemas/events.v1.schema.json from the event line schema in code
// (run after `npm run build`); a test fails when the shipped file differs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { eventLineSchema } from '../dist/src/report/event-schema.js';

mkdirSync(new URL('../schemas/', import.meta.url), { recursive: true });
writeFileSync(new URL('../schemas/events.v1.schema.json', import.meta.url), JSON.stringify(eventLineSchema, null, 2) + '\n');
