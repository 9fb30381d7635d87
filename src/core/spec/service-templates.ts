// `services.NAME.use`: templates applied to one service, as Testkube's InjectServiceTemplate
// does: the template's pod, content and container are merged under the service's own (the
// service's values win). A template with steps or services of its own cannot be used by a
// service; Testkube refuses that too.
import type { SpecMerger } from './merge.js';
import {
  CONTAINER_FIELDS,
  type ContainerConfig,
  type ServiceSpec,
  type TemplateRef,
  type TemplateSpec,
} from './types.js';

export interface ServiceTemplateDeps {
  merge: SpecMerger;
  instantiate(ref: TemplateRef): TemplateSpec | undefined;
  /** Reports a problem at the reference (its `name`). */
  refuse(ref: TemplateRef, message: string): void;
}

export function applyServiceUses(
  services: Record<string, ServiceSpec> | undefined,
  deps: ServiceTemplateDeps,
): void {
  for (const service of Object.values(services ?? {})) {
    const uses = service.use ?? [];
    delete service.use;
    // Last to first, each under what is already there, so use[0] ends up outermost.
    for (let i = uses.length - 1; i >= 0; i--) {
      const ref = uses[i]!;
      const template = deps.instantiate(ref);
      if (!template) continue;
      if (template.setup?.length || template.steps?.length || template.after?.length) {
        deps.refuse(ref, `template '${ref.name}' has steps, which a service cannot use`);
        continue;
      }
      if (template.services && Object.keys(template.services).length > 0) {
        deps.refuse(ref, `template '${ref.name}' has services, which a service cannot use`);
        continue;
      }
      inject(service, template, deps.merge);
    }
  }
}

function inject(service: ServiceSpec, template: TemplateSpec, merge: SpecMerger): void {
  const pod = merge.pod(template.pod, service.pod);
  if (pod) service.pod = pod;
  const content = merge.content(template.content, service.content);
  if (content) service.content = content;
  const own: ContainerConfig = {};
  for (const key of CONTAINER_FIELDS) {
    if (service[key] !== undefined) (own as Record<string, unknown>)[key] = service[key];
  }
  const container = merge.container(template.container, own) ?? {};
  for (const key of CONTAINER_FIELDS) {
    const value = (container as Record<string, unknown>)[key];
    if (value === undefined) delete service[key];
    else (service as Record<string, unknown>)[key] = value;
  }
}
