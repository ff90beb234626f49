import { displayMoney, displayUnitPrice } from './display-money';

describe('displayMoney', () => {
  it.each([
    // amount, currency, shown
    ['15.13189756178', 'USD', '$15.13'],
    ['53.9768', 'USD', '$53.98'],
    ['-0.15189756178', 'USD', '−$0.15'],
    ['-2.005', 'USD', '−$2.01'],
    // Half away from zero on the decimal text: as a float, 2.345 is 2.34499… and would round down.
    ['2.345', 'USD', '$2.35'],
    ['1234567.891', 'USD', '$1,234,567.89'],
    ['0', 'USD', '$0.00'],
    ['0.00', 'USD', '$0.00'],
    ['-0.000', 'USD', '$0.00'],
    ['3.5', 'EUR', '€3.50'],
    // Below a cent: four significant figures, so that it does not read as nothing.
    ['0.005', 'USD', '$0.005'],
    ['0.0012345', 'USD', '$0.001235'],
    ['-0.0012345', 'USD', '−$0.001235'],
    ['0.000000123456', 'USD', '$0.0000001235'],
    ['0.000000000000000001', 'USD', '$0.000000000000000001'],
    ['0.0099999', 'USD', '$0.01'],
    // A cent and above is rounded to cents.
    ['0.01', 'USD', '$0.01'],
    ['0.014999', 'USD', '$0.01'],
    ['1500.4', 'JPY', '¥1,500'],
    ['0.25', 'JPY', '¥0.25'],
  ])('shows %s %s as %s', (amount, currency, shown) => {
    expect(displayMoney(amount, currency)).toBe(shown);
  });
});

describe('displayUnitPrice', () => {
  it.each([
    // Two close prices above a cent stay apart.
    ['0.0108', 'USD', '$0.0108'],
    ['0.01198', 'USD', '$0.01198'],
    ['0.005', 'USD', '$0.005'],
    ['0.00375', 'USD', '$0.00375'],
    ['0.000162', 'USD', '$0.000162'],
    ['0.0001234567', 'USD', '$0.0001235'],
    ['2.5', 'USD', '$2.50'],
    ['2.567', 'USD', '$2.567'],
    ['1234.567', 'USD', '$1,234.57'],
    ['0', 'USD', '$0.00'],
    ['-0.0108', 'USD', '−$0.0108'],
  ])('shows %s %s as %s', (amount, currency, shown) => {
    expect(displayUnitPrice(amount, currency)).toBe(shown);
  });
});
