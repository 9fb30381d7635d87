// How a template's spec combines with the spec that uses it, as Testkube's resolver does
// (testworkflowresolver/merge.go): the user's values win over the template's, maps are merged
// key by key, lists are appended template-first. Container merging is shared with the planner,
// which applies the same rules when defaults flow down the steps.
import { mergeContainer } from './container-merge.js';
import type { Origins } from './origins.js';
import type { ContainerConfig, Content, ExecutionConfig, JobConfig, PodConfig } from './types.js';

type Json = Record<string, unknown>;

export class SpecMerger {
  constructor(private readonly origins: Origins) {}

  container(template?: ContainerConfig, own?: ContainerConfig): ContainerConfig | undefined {
    if (!template || !own) return own ?? template;
    return this.origins.derive(mergeContainer(template, own), own, template);
  }

  content(template?: Content, own?: Content): Content | undefined {
    if (!template || !own) return own ?? template;
    const merged: Content = { ...template, ...own };
    const files = [...(template.files ?? []), ...(own.files ?? [])];
    if (files.length > 0) merged.files = this.origins.derive(files, own.files, template.files);
    if (own.git ?? template.git) merged.git = own.git ?? template.git;
    return this.origins.derive(merged, own, template);
  }

  pod(template?: PodConfig, own?: PodConfig): PodConfig | undefined {
    if (!template || !own) return own ?? template;
    const merged: Json = { ...template, ...own };
    for (const key of ['labels', 'annotations', 'nodeSelector'] as const) {
      merged[key] = this.map(template[key], own[key]);
    }
    const lists = [
      'volumes',
      'imagePullSecrets',
      'tolerations',
      'hostAliases',
      'topologySpreadConstraints',
      'schedulingGates',
      'resourceClaims',
    ] as const;
    for (const key of lists) merged[key] = this.list(template[key], own[key]);
    // Testkube merges these deeper (affinity term by term); one level is what users rely on.
    for (const key of ['securityContext', 'affinity', 'dnsConfig'] as const) {
      merged[key] = this.map(template[key], own[key]);
    }
    return this.origins.derive(dropUndefined(merged), own, template) as PodConfig;
  }

  job(template?: JobConfig, own?: JobConfig): JobConfig | undefined {
    if (!template || !own) return own ?? template;
    const merged: Json = { ...template, ...own };
    for (const key of ['labels', 'annotations'] as const) {
      merged[key] = this.map(template[key], own[key]);
    }
    return this.origins.derive(dropUndefined(merged), own, template) as JobConfig;
  }

  /** Tags merged key by key (Testkube's MergeExecution). */
  execution(template?: ExecutionConfig, own?: ExecutionConfig): ExecutionConfig | undefined {
    if (!template || !own) return own ?? template;
    const merged: Json = { ...template, ...own, tags: this.map(template.tags, own.tags) };
    return this.origins.derive(dropUndefined(merged), own, template) as ExecutionConfig;
  }

  /** Key by key, own entries replacing the template's (a service of the same name is replaced whole). */
  map<T extends object>(template?: T, own?: T): T | undefined {
    if (!template || !own) return own ?? template;
    return this.origins.derive({ ...template, ...own }, own, template);
  }

  list<T>(first?: T[], second?: T[]): T[] | undefined {
    if (!first || !second) return second ?? first;
    return this.origins.derive([...first, ...second], second, first);
  }
}

export function dropUndefined<T extends Json>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
