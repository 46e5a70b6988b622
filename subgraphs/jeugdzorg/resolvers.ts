import { loaderFields } from '../kit/loaderFields';
import type { JeugdzorgLoaders } from './store';

export function createResolvers() {
  return { Person: loaderFields<JeugdzorgLoaders>(['youthCare']) };
}
