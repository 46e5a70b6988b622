import { startPlainSubgraph, type PlainSubgraph } from './plainSubgraph';

/** An energy supplier's subgraph (payment arrears per person), written without the kit. */
export const ENERGY_SDL = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@composeDirective"])
  @link(url: "https://huishoudview.example/label/v1.0", import: ["@label"])
  @composeDirective(name: "@label")

directive @label(category: String!) on FIELD_DEFINITION

type Person @key(fields: "id") {
  id: ID! @label(category: "id")
  "Energy bills unpaid for two months or more (Wgs art. 3 early signal)."
  energyArrears: EnergyArrears @label(category: "financial-summary")
}

type EnergyArrears {
  months: Int @label(category: "financial-summary")
  amount: Float @label(category: "financial-summary")
}
`;

const ARREARS: Record<string, { months: number; amount: number }> = { 'P-0001': { months: 3, amount: 412.5 } };

export function startEnergySupplier(name: string, gatewayOrigin: string): Promise<PlainSubgraph> {
  return startPlainSubgraph({
    name,
    sdl: ENERGY_SDL,
    gatewayOrigin,
    resolvers: {
      Person: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        energyArrears: (person: { id: string }) => ARREARS[person.id] ?? null,
      },
    },
  });
}
