import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxDocumentSizeRule } from './maxDocumentSizeRule';
import { maxRootFieldsRule } from './maxRootFieldsRule';
import type { QueryLimits } from './QueryLimits';
import { tagLimitErrors } from './tagLimitErrors';

/**
 * The limits as validation rules, run by Apollo Server before the policy layer and before
 * planning. Depth, aliases, directives and cost come from graphql-armor (Escape), which
 * counts through fragments; the limit values go into the messages (exposeLimits).
 */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  // Report like any validation rule instead of throwing out of graphql-js's validate().
  const armor = { exposeLimits: true, propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };
  return [
    tagLimitErrors('documentSize', maxDocumentSizeRule(limits.maxDocumentBytes)),
    tagLimitErrors('depth', maxDepthRule({ n: limits.maxDepth, ...armor, flattenFragments: true, ignoreIntrospection: true })),
    tagLimitErrors('aliases', maxAliasesRule({ n: limits.maxAliases, ...armor })),
    tagLimitErrors('directives', maxDirectivesRule({ n: limits.maxDirectives, ...armor })),
    tagLimitErrors('cost', costLimitRule({ maxCost: limits.maxCost, ...armor, ignoreIntrospection: true })),
    tagLimitErrors('rootFields', maxRootFieldsRule(limits.maxRootFields)),
  ];
}
