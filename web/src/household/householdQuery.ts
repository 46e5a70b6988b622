/**
 * The household view: everything a case worker may need, in one query. The gateway
 * leaves out what the declared purpose may not see and says so per field
 * (FORBIDDEN_FIELD); the page shows that explanation where the field would be.
 */
export const HOUSEHOLD_VIEW = `query Huishouden($id: ID!) {
  household(id: $id) {
    id
    address { street houseNumber postalCode city kind }
    members {
      id name birthDate householdRole
      debtCase { status refusalReason totalDebt registeredAt creditors { name kind amount } }
      safetyFlag
      shelterStay { shelter since until withChildren }
      safetyReports { kind status receivedAt }
      youthCare { kind placement underSupervisionOrder since until }
      benefits { kind monthlyAmount since }
      paymentArrears { kind creditor amount months }
    }
    involvements { agency since contact { name organisation phone } }
    relations { kind agency since professional { name role organisation } }
    coordinationCase { status openedAt goals coordinator { name organisation } }
    tenancy { landlord status monthlyRent rentArrears arrearsMonths eviction startDate endDate }
    urgencyApplication { status submittedAt decidedAt decisionReason }
    blockages { rule rulesVersion agencies closes explanation breakers { agency how } steps { agency decision reasonCode date } }
  }
}`;

type Maybe<T> = T | null;

export interface Member {
  id: string;
  name: Maybe<string>;
  birthDate: Maybe<string>;
  householdRole: Maybe<string>;
  debtCase: Maybe<{ status: Maybe<string>; refusalReason: Maybe<string>; totalDebt: Maybe<number>; registeredAt: Maybe<string>; creditors: Maybe<Array<{ name: Maybe<string>; kind: Maybe<string>; amount: Maybe<number> }>> }>;
  safetyFlag: Maybe<boolean>;
  shelterStay: Maybe<{ shelter: Maybe<string>; since: Maybe<string>; until: Maybe<string>; withChildren: Maybe<boolean> }>;
  safetyReports: Maybe<Array<{ kind: Maybe<string>; status: Maybe<string>; receivedAt: Maybe<string> }>>;
  youthCare: Maybe<{ kind: Maybe<string>; placement: Maybe<string>; underSupervisionOrder: Maybe<boolean>; since: Maybe<string>; until: Maybe<string> }>;
  benefits: Maybe<Array<{ kind: Maybe<string>; monthlyAmount: Maybe<number>; since: Maybe<string> }>>;
  paymentArrears: Maybe<Array<{ kind: Maybe<string>; creditor: Maybe<string>; amount: Maybe<number>; months: Maybe<number> }>>;
}

export interface Household {
  id: string;
  address: Maybe<{ street: Maybe<string>; houseNumber: Maybe<string>; postalCode: Maybe<string>; city: Maybe<string>; kind: Maybe<string> }>;
  members: Maybe<Member[]>;
  involvements: Maybe<Array<{ agency: Maybe<string>; since: Maybe<string>; contact: Maybe<{ name: Maybe<string>; organisation: Maybe<string>; phone: Maybe<string> }> }>>;
  relations: Maybe<Array<{ kind: Maybe<string>; agency: Maybe<string>; since: Maybe<string>; professional: Maybe<{ name: Maybe<string>; role: Maybe<string>; organisation: Maybe<string> }> }>>;
  coordinationCase: Maybe<{ status: Maybe<string>; openedAt: Maybe<string>; goals: Maybe<string[]>; coordinator: Maybe<{ name: Maybe<string>; organisation: Maybe<string> }> }>;
  tenancy: Maybe<{ landlord: Maybe<string>; status: Maybe<string>; monthlyRent: Maybe<number>; rentArrears: Maybe<number>; arrearsMonths: Maybe<number>; eviction: Maybe<string>; startDate: Maybe<string>; endDate: Maybe<string> }>;
  urgencyApplication: Maybe<{ status: Maybe<string>; submittedAt: Maybe<string>; decidedAt: Maybe<string>; decisionReason: Maybe<string> }>;
  blockages?: Maybe<Blockage[]>;
}

/** Where agencies' decisions block each other (policies/blockages.yaml), computed by the gateway for this purpose. */
export interface Blockage {
  rule: Maybe<string>;
  rulesVersion: Maybe<string>;
  agencies: Maybe<string[]>;
  closes: Maybe<boolean>;
  explanation: Maybe<string>;
  breakers: Maybe<Array<{ agency: Maybe<string>; how: Maybe<string> }>>;
  steps: Maybe<Array<{ agency: Maybe<string>; decision: Maybe<string>; reasonCode: Maybe<string>; date: Maybe<string> }>>;
}

export interface HouseholdView {
  household: Maybe<Household>;
}
