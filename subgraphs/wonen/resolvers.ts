import { loaderFields } from '../kit/loaderFields';
import type { WonenLoaders } from './store';

export function createResolvers() {
  return { Household: loaderFields<WonenLoaders>(['tenancy', 'urgencyApplication']) };
}
