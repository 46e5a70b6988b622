import { loaderFields } from '../kit/loaderFields';
import type { InkomenLoaders } from './store';

export function createResolvers() {
  return { Person: loaderFields<InkomenLoaders>(['benefits', 'paymentArrears']) };
}
