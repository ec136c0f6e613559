import { accountNumberFor } from './account-number';

describe('accountNumberFor', () => {
  it('is twelve digits, the same every time for one CloudStack account', () => {
    const number = accountNumberFor('7a1b2c3d-0000-4000-8000-000000000001');
    expect(number).toMatch(/^\d{12}$/);
    expect(accountNumberFor('7a1b2c3d-0000-4000-8000-000000000001')).toBe(number);
  });

  it('differs between accounts and between attempts', () => {
    const a = accountNumberFor('7a1b2c3d-0000-4000-8000-000000000001');
    expect(accountNumberFor('7a1b2c3d-0000-4000-8000-000000000002')).not.toBe(a);
    expect(accountNumberFor('7a1b2c3d-0000-4000-8000-000000000001', 1)).not.toBe(a);
  });
});
