// Every schema runbook validates against, by validator set: what the build
// compiles ahead of time (scripts/compile-validators.js). A schema missing here
// is still checked, but compiled at run time; test/schema/precompiled checks
// that the playbooks we ship and test with need none.
import { modules } from '../modules/registry.js';
import { eventLineSchema } from '../report/event-schema.js';
import { inventorySchema } from '../schema/inventory.js';
import {
  BLOCK_KEYWORDS,
  HANDLER_KEYWORDS,
  IMPORT_KEYWORDS,
  ROLE_ENTRY_KEYWORDS,
  TASK_KEYWORDS,
  importPlaybookSchema,
  playSchema,
  playbookShapeSchema,
  roleEntrySchema,
} from '../schema/playbook.js';
import { EVENT_LINES, LOAD_TIME, RENDERED_ARGS, type ValidatorSet } from '../schema/precompiled.js';
import { varsSchema } from '../schema/vars.js';
import { INCLUDE_KEYWORDS } from '../schema/include-keywords.js';

export function validatedSchemas(): [ValidatorSet, object[]][] {
  const moduleSchemas = [...modules.values()].map((m) => m.schema as object);
  const keywordSchemas = [
    TASK_KEYWORDS,
    BLOCK_KEYWORDS,
    IMPORT_KEYWORDS,
    HANDLER_KEYWORDS,
    ROLE_ENTRY_KEYWORDS,
    ...Object.values(INCLUDE_KEYWORDS),
  ].flatMap((keywords) => Object.values(keywords));
  return [
    [
      LOAD_TIME,
      [
        playbookShapeSchema,
        importPlaybookSchema,
        playSchema,
        roleEntrySchema,
        inventorySchema,
        varsSchema,
        ...keywordSchemas,
        ...moduleSchemas,
      ],
    ],
    [RENDERED_ARGS, moduleSchemas],
    [EVENT_LINES, [eventLineSchema]],
  ];
}
