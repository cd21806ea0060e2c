import type { z } from 'zod';
import { AgentProfile } from '../core/schemas/agent-profile.js';
import { Catalog } from '../core/schemas/catalog.js';
import { ElicitationTemplate } from '../elicitation/prompts.js';
import { SuiteSpec } from '../simulator/suite-schema.js';
import { ScenarioSpec } from '../world/scenario-schema.js';

/** The schemas of saydo's YAML files, by the file name of their JSON Schema under schemas/. */
export const FILE_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'catalog.schema.json': Catalog,
  'agent-profile.schema.json': AgentProfile,
  'elicitation-template.schema.json': ElicitationTemplate,
  'scenario.schema.json': ScenarioSpec,
  'suite.schema.json': SuiteSpec,
};
