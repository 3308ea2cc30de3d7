// Cases are taken from k8s.io/apimachinery/pkg/api/resource quantity_test.go and
// quantity_example_test.go (v0.32 and the newer TestParseQuantity table).
import {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  Quantity,
  QuantityError,
  QuantityScale,
  formatCpuMilli,
  formatMemoryBytes,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  parseQuantityJSON,
  type QuantityFormat,
} from '../src/api/resource/quantity';

/** i × 10^exponent in the given format (the tests' decQuantity/intQuantity). */
const q = (i: number | bigint, exponent: number, format: QuantityFormat | '' = 'DecimalSI') =>
  Quantity.fromInt(i, format, exponent);

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

describe('parsing a quantity', () => {
  // input, mantissa, exponent, format: the value Kubernetes reads from the text.
  const table: [string, number, number, QuantityFormat][] = [
    ['0', 0, 0, 'DecimalSI'],
    ['0n', 0, 0, 'DecimalSI'],
    ['0u', 0, 0, 'DecimalSI'],
    ['0m', 0, 0, 'DecimalSI'],
    ['0Ki', 0, 0, 'BinarySI'],
    ['0k', 0, 0, 'DecimalSI'],
    ['0Mi', 0, 0, 'BinarySI'],
    ['0M', 0, 0, 'DecimalSI'],
    ['0Gi', 0, 0, 'BinarySI'],
    ['0G', 0, 0, 'DecimalSI'],
    ['0Ti', 0, 0, 'BinarySI'],
    ['0T', 0, 0, 'DecimalSI'],
    ['1', 1, 0, 'DecimalSI'],
    ['1Ki', 1024, 0, 'BinarySI'],
    ['8Ki', 8 * 1024, 0, 'BinarySI'],
    ['7Mi', 7 * 1024 * 1024, 0, 'BinarySI'],
    ['6Gi', 6 * 1024 ** 3, 0, 'BinarySI'],
    ['5Ti', 5 * 1024 ** 4, 0, 'BinarySI'],
    ['4Pi', 4 * 1024 ** 5, 0, 'BinarySI'],
    ['10Ti', 10 * 1024 ** 4, 0, 'BinarySI'],
    ['100Ti', 100 * 1024 ** 4, 0, 'BinarySI'],
    ['5n', 5, -9, 'DecimalSI'],
    ['4u', 4, -6, 'DecimalSI'],
    ['3m', 3, -3, 'DecimalSI'],
    ['9', 9, 0, 'DecimalSI'],
    ['8k', 8, 3, 'DecimalSI'],
    ['50k', 5, 4, 'DecimalSI'],
    ['7M', 7, 6, 'DecimalSI'],
    ['6G', 6, 9, 'DecimalSI'],
    ['5T', 5, 12, 'DecimalSI'],
    ['40T', 4, 13, 'DecimalSI'],
    ['300T', 3, 14, 'DecimalSI'],
    ['2P', 2, 15, 'DecimalSI'],
    ['1E', 1, 18, 'DecimalSI'],
    ['1E-3', 1, -3, 'DecimalExponent'],
    ['1e3', 1, 3, 'DecimalExponent'],
    ['1E6', 1, 6, 'DecimalExponent'],
    ['1e9', 1, 9, 'DecimalExponent'],
    ['1E12', 1, 12, 'DecimalExponent'],
    ['1e15', 1, 15, 'DecimalExponent'],
    ['1E18', 1, 18, 'DecimalExponent'],
    ['1e14', 1, 14, 'DecimalExponent'],
    ['1e13', 1, 13, 'DecimalExponent'],
    ['100.035k', 100035, 0, 'DecimalSI'],
    ['0.001', 1, -3, 'DecimalSI'],
    ['0.0005k', 5, -1, 'DecimalSI'],
    ['0.005', 5, -3, 'DecimalSI'],
    ['0.05', 5, -2, 'DecimalSI'],
    ['0.5', 5, -1, 'DecimalSI'],
    ['0.00050k', 5, -1, 'DecimalSI'],
    ['0.00500', 5, -3, 'DecimalSI'],
    ['0.05000', 5, -2, 'DecimalSI'],
    ['0.50000', 5, -1, 'DecimalSI'],
    ['0.5e0', 5, -1, 'DecimalExponent'],
    ['0.5e-1', 5, -2, 'DecimalExponent'],
    ['0.5e-2', 5, -3, 'DecimalExponent'],
    ['10.035M', 10035, 3, 'DecimalSI'],
    ['1.2e3', 12, 2, 'DecimalExponent'],
    ['1.3E+6', 13, 5, 'DecimalExponent'],
    ['1.40e9', 14, 8, 'DecimalExponent'],
    ['1.53E12', 153, 10, 'DecimalExponent'],
    ['1.6e15', 16, 14, 'DecimalExponent'],
    ['1.7E18', 17, 17, 'DecimalExponent'],
    ['9.01', 901, -2, 'DecimalSI'],
    ['8.1k', 81, 2, 'DecimalSI'],
    ['7.123456M', 7123456, 0, 'DecimalSI'],
    ['6.987654321G', 6987654321, 0, 'DecimalSI'],
    ['5.444T', 5444, 9, 'DecimalSI'],
    ['40.1T', 401, 11, 'DecimalSI'],
    ['300.2T', 3002, 11, 'DecimalSI'],
    ['2.5P', 25, 14, 'DecimalSI'],
    ['1.01E', 101, 16, 'DecimalSI'],
    // values finer than a nano round up, away from zero
    ['3.001n', 4, -9, 'DecimalSI'],
    ['1.1E-9', 2, -9, 'DecimalExponent'],
    ['0.0000000001', 1, -9, 'DecimalSI'],
    ['0.0000000005', 1, -9, 'DecimalSI'],
    ['0.00000000050', 1, -9, 'DecimalSI'],
    ['0.5e-9', 1, -9, 'DecimalExponent'],
    ['0.9n', 1, -9, 'DecimalSI'],
    ['0.00000012345', 124, -9, 'DecimalSI'],
    ['0.00000012354', 124, -9, 'DecimalSI'],
    ['12E', 12, 18, 'DecimalSI'],
    // fractional binary quantities are accepted
    ['100.035Ki', 10243584, -2, 'BinarySI'],
    ['0.5Mi', 0.5 * 1024 * 1024, 0, 'BinarySI'],
    ['0.05Gi', 536870912, -1, 'BinarySI'],
    ['0.025Ti', 274877906944, -1, 'BinarySI'],
    // odd but accepted spellings
    ['0.000000000001Ki', 2, -9, 'DecimalSI'],
    ['.001', 1, -3, 'DecimalSI'],
    ['.0001k', 100, -3, 'DecimalSI'],
    ['1.', 1, 0, 'DecimalSI'],
    ['1.G', 1, 9, 'DecimalSI'],
  ];

  it.each(table)('reads %s as %d×10^%d (%s)', (input, mantissa, exponent, format) => {
    const got = parseQuantity(input);
    expect(got.cmp(q(mantissa, exponent))).toBe(0);
    expect(got.format).toBe(format);
  });

  it.each(table)(
    'reads -%s as the negative value in the same format',
    (input, mantissa, exponent, format) => {
      const got = parseQuantity('-' + input);
      expect(got.cmp(q(-mantissa, exponent))).toBe(0);
      expect(got.format).toBe(format);
    },
  );

  it.each(table)('reads +%s like %s', (input, mantissa, exponent, format) => {
    const got = parseQuantity('+' + input);
    expect(got.cmp(q(mantissa, exponent))).toBe(0);
    expect(got.format).toBe(format);
  });

  it('caps binary quantities at the largest int64', () => {
    expect(parseQuantity('9Ei').cmp(q(MAX, 0))).toBe(0);
    expect(parseQuantity('9223372036854775807Ki').cmp(q(MAX, 0))).toBe(0);
    expect(parseQuantity('9Ei').format).toBe('BinarySI');
    expect(parseQuantity('9Ei').toString()).toBe('9223372036854775807');
  });

  it('does not cap decimal quantities', () => {
    expect(parseQuantity('10E').valueBig()).toBe(0n); // Go's Value() overflows to 0 on the int64 path
    expect(parseQuantity('10E').cmp(q(1, 19))).toBe(0);
  });

  it('accepts a JSON number the way the API server reads one', () => {
    expect(parseQuantity(0.5).toString()).toBe('500m');
    expect(parseQuantity(2).toString()).toBe('2');
    expect(parseQuantity(1e21).toString()).toBe('1e+21'); // "1e+21" is already canonical, so Go keeps it
  });
});

describe('rejecting malformed quantities', () => {
  const cases: [string, string][] = [
    ['', ERR_FORMAT_WRONG],
    ['1.1.M', ERR_FORMAT_WRONG],
    ['1+1.0M', ERR_FORMAT_WRONG],
    ['aoeu', ERR_FORMAT_WRONG],
    [' 1', ERR_FORMAT_WRONG],
    ['1 ', ERR_FORMAT_WRONG],
    ['1e3e4', ERR_FORMAT_WRONG],
    ['Non-Numeric', ERR_FORMAT_WRONG],
    ['0.1mi', ERR_SUFFIX],
    ['0.1am', ERR_FORMAT_WRONG],
    ['.5i', ERR_SUFFIX],
    ['1i', ERR_SUFFIX],
    ['-3.01i', ERR_SUFFIX],
    ['-3.01e-', ERR_SUFFIX],
    ['1e', ERR_SUFFIX],
    ['1KiB', ERR_FORMAT_WRONG],
    ['1Kii', ERR_SUFFIX],
    ['1e99999999999999999999', ERR_SUFFIX],
    ['-.e-20', ERR_NUMERIC],
  ];

  it.each(cases)('rejects %j with Kubernetes’ message', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(new QuantityError(message));
  });

  it('quotes the exact regular expression Kubernetes reports', () => {
    expect(ERR_FORMAT_WRONG).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(ERR_NUMERIC).toBe('unable to parse numeric part of quantity');
    expect(ERR_SUFFIX).toBe("unable to parse quantity's suffix");
  });

  it('throws a QuantityError a caller can recognise', () => {
    let caught: unknown;
    try {
      parseQuantity('12 cores');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(QuantityError);
    expect((caught as Error).name).toBe('QuantityError');
  });

  it('rejects a number that is not finite', () => {
    expect(() => parseQuantity(NaN)).toThrow(ERR_FORMAT_WRONG);
    expect(() => parseQuantity(Infinity)).toThrow(ERR_FORMAT_WRONG);
  });
});

describe('the canonical text Kubernetes stores and prints', () => {
  const cases: [string, string][] = [
    // the examples learners meet most
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['2048Ki', '2Mi'],
    ['0.1', '100m'],
    ['1.5Gi', '1536Mi'],
    ['100Mi', '100Mi'],
    ['1G', '1G'],
    ['0', '0'],
    ['100000000n', '100m'],
    ['250m', '250m'],
    ['1.5', '1500m'],
    ['2000m', '2'],
    ['1500m', '1500m'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['123Mi', '123Mi'],
    // the exponent form stays an exponent form
    ['1e3', '1e3'],
    ['12e6', '12e6'],
    ['1.3E+6', '1300e3'],
    ['1e-3', '1e-3'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['1000e-12', '1e-9'],
    ['00', '0'],
    // from TestQuantityString: the canonical form, then a non-canonical spelling of it
    ['1Gi', '1Gi'],
    ['300Mi', '300Mi'],
    ['307200Ki', '300Mi'],
    ['6Ki', '6Ki'],
    ['1001Gi', '1001Gi'],
    ['1025024Mi', '1001Gi'],
    ['1Ti', '1Ti'],
    ['1024Gi', '1Ti'],
    ['5000m', '5'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000u', '1m'],
    ['1.08', '1080m'],
    ['1080000000n', '1080m'],
    ['80m', '80m'],
    ['300M', '300M'],
    ['1T', '1T'],
    ['1234567M', '1234567M'],
    ['3k', '3k'],
    ['1025', '1025'],
    ['1n', '1n'],
    ['1080n', '1080n'],
    ['1u', '1u'],
    ['1080u', '1080u'],
    // TestQuantityParseEmit
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
    // binary values that are not whole multiples fall back as Go does
    ['0.5Ki', '512'],
    ['1.5Ki', '1536'],
    ['1023Ki', '1023Ki'],
    ['100.035Ki', '102435840m'],
    ['0.05Gi', '53687091200m'],
    // 18 digits or more (the newer TestParseQuantity table)
    ['-999999999999999999', '-999999999999999999'],
    ['999999999999999999', '999999999999999999'],
    ['-999999999999999999.0', '-999999999999999999'],
    ['999999999999999999.1', '999999999999999999100m'],
    ['-9999999999999999999', '-9999999999999999999'],
    ['9999999999999999999', '9999999999999999999'],
    ['1E', '1E'],
    ['-1E', '-1E'],
    ['1000000000000000000', '1E'],
    ['-1000000000000000000', '-1E'],
    ['1.0E', '1E'],
    ['-1000000000000000000.0', '-1E'],
    ['9999999999999999999000m', '9999999999999999999'],
    ['-9999999999999999999.1', '-9999999999999999999100m'],
    ['1.0000000000000000001E', '1000000000000000000100m'],
    ['-1000000000000000000.1', '-1000000000000000000100m'],
    ['1.000000000000000001E', '1000000000000000001'],
    ['-1000000000000000001', '-1000000000000000001'],
    ['10E', '10E'],
    ['-10E', '-10E'],
    ['10000000000000000000', '10E'],
    ['-10.0E', '-10E'],
    ['10000000000000000000000m', '10E'],
    ['10.0000000000000000001E', '10000000000000000000100m'],
    ['-10.000000000000000001E', '-10000000000000000001'],
    ['-9223372036854775809', '-9223372036854775809'],
    ['9223372036854775806.0', '9223372036854775806'],
    ['-9223372036854775809000m', '-9223372036854775809'],
    ['9223372036854775806.1', '9223372036854775806100m'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775807.0', '9223372036854775807'],
    ['-9223372036854775808000m', '-9223372036854775808'],
    ['9223372036854775807.1', '9223372036854775807100m'],
    ['9223372036854775808', '9223372036854775808'],
    ['-9223372036854775807.1', '-9223372036854775807100m'],
  ];

  it.each(cases)('prints %s as %s', (input, canonical) => {
    expect(parseQuantity(input).toString()).toBe(canonical);
  });

  it.each(cases.filter(([, c]) => c !== '0'))('prints -(%s) as -%s', (input, canonical) => {
    const negated = parseQuantity(input).neg().toString();
    expect(negated).toBe(canonical.startsWith('-') ? canonical.slice(1) : '-' + canonical);
  });

  it.each(cases)('reads its own output of %s back to the same value', (input) => {
    const first = parseQuantity(input);
    expect(parseQuantity(first.toString()).cmp(first)).toBe(0);
  });

  // Go re-emits input that already looks canonical byte for byte, including these spellings.
  it.each([['+1'], ['01'], ['1.500'], ['+1Ki'], ['007Mi'], ['-1Ki']])(
    'keeps the text %s exactly as written',
    (s) => {
      expect(parseQuantity(s).toString()).toBe(s);
    },
  );

  it('forgets the written text once arithmetic changes the value', () => {
    expect(parseQuantity('+1').add(parseQuantity('1')).toString()).toBe('2');
    expect(parseQuantity('1.500').neg().toString()).toBe('-1500m');
  });

  it('prints decimal values past the E suffix without a suffix, as Go does', () => {
    // 1000E has no SI suffix; Go prints the bare mantissa, which loses the exponent.
    expect(parseQuantity('1000E').toString()).toBe('1');
    expect(newScaledQuantity(1, -12).toString()).toBe('1');
    expect(parseQuantity('1000e18').toString()).toBe('1e21');
  });

  it('prints binary values past Ei without a suffix, as Go does', () => {
    const big = newQuantity(2n ** 62n, 'BinarySI').mulInt(256); // 2^70 = 1024^7, only reachable by arithmetic
    expect(big.toString()).toBe('1');
    expect(
      newQuantity(2n ** 62n, 'BinarySI')
        .mulInt(4)
        .toString(),
    ).toBe('16Ei');
  });

  it('serialises to JSON as its canonical string', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.5'), memory: parseQuantity('1024Mi') })).toBe(
      '{"cpu":"500m","memory":"1Gi"}',
    );
  });
});

describe('building quantities from numbers', () => {
  it.each([
    [1, 'DecimalSI', '1m'],
    [1000, 'DecimalSI', '1'],
    [1234000, 'DecimalSI', '1234'],
    [1024, 'BinarySI', '1024m'],
    [1000000, 'invalidFormatDefaultsToExponent', '1e3'],
    [1024 * 1024, 'BinarySI', '1048576m'],
  ] as const)('newMilliQuantity(%d, %s) prints %s', (value, format, text) => {
    expect(newMilliQuantity(value, format as QuantityFormat).toString()).toBe(text);
  });

  it.each([
    [1, 'DecimalSI', '1'],
    [1000, 'DecimalSI', '1k'],
    [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'],
    [1000000, 'invalidFormatDefaultsToExponent', '1e6'],
    [1024 * 1024, 'BinarySI', '1Mi'],
    [5 * 1024 * 1024 * 1024, 'BinarySI', '5Gi'],
    [5 * 1000 * 1000 * 1000, 'DecimalSI', '5G'],
  ] as const)(
    'newQuantity(%d, %s) prints %s and reads back to the same value',
    (value, format, text) => {
      const made = newQuantity(value, format as QuantityFormat);
      expect(made.toString()).toBe(text);
      expect(parseQuantity(made.toString()).value()).toBe(value);
    },
  );

  it.each([
    [1, QuantityScale.Nano, '1n'],
    [1000, QuantityScale.Nano, '1u'],
    [1, QuantityScale.Micro, '1u'],
    [1000, QuantityScale.Micro, '1m'],
    [1, QuantityScale.Milli, '1m'],
    [1000, QuantityScale.Milli, '1'],
    [1, 0, '1'],
    [0, QuantityScale.Nano, '0'],
    [0, QuantityScale.Micro, '0'],
    [0, QuantityScale.Milli, '0'],
    [0, 0, '0'],
  ])('newScaledQuantity(%d, %d) prints %s and scales back exactly', (value, scale, text) => {
    const made = newScaledQuantity(value, scale);
    expect(made.toString()).toBe(text);
    expect(parseQuantity(text).scaledValue(scale)).toBe(BigInt(value));
  });

  it('rejects values that are not int64 integers', () => {
    expect(() => newQuantity(1.5, 'DecimalSI')).toThrow(RangeError);
    expect(() => newQuantity(2n ** 63n, 'DecimalSI')).toThrow(RangeError);
  });
});

describe('kubectl-style formatting of resource amounts', () => {
  it.each([
    [250, '250m'],
    [1000, '1'],
    [1500, '1500m'],
    [100, '100m'],
    [4000, '4'],
    [0, '0'],
  ])('prints %d millicores as %s', (milli, text) => {
    expect(formatCpuMilli(milli)).toBe(text);
  });

  it.each([
    [128 * 1024 * 1024, '128Mi'],
    [1024 ** 3, '1Gi'],
    [1536 * 1024 * 1024, '1536Mi'],
    [64 * 1024, '64Ki'],
    [1000, '1k'], // under 1Ki Go switches to DecimalSI
    [500, '500'],
    [1025, '1025'],
    [0, '0'],
  ])('prints %d bytes as %s', (bytes, text) => {
    expect(formatMemoryBytes(bytes)).toBe(text);
  });
});

describe('whole and milli values', () => {
  it('gives the values of the upstream examples', () => {
    expect(parseQuantity('5Gi').value()).toBe(5368709120);
    expect(parseQuantity('5G').value()).toBe(5000000000);
    expect(parseQuantity('5300m').milliValue()).toBe(5300);
    expect(parseQuantity('5.4').milliValue()).toBe(5400);
  });

  it.each([
    ['1n', 1, 1],
    ['1m', 1, 1],
    ['999m', 1, 999],
    ['1001m', 2, 1001],
    ['1.5', 2, 1500],
    ['100Mi', 104857600, 104857600000],
    ['0.1m', 1, 1],
    ['-1.5', -2, -1500],
    ['-1n', -1, -1],
    ['-1001m', -2, -1001],
  ])('rounds %s up, away from zero: value %d, milli %d', (input, value, milli) => {
    const got = parseQuantity(input);
    expect(got.value()).toBe(value);
    expect(got.milliValue()).toBe(milli);
  });

  it.each([
    [QuantityScale.Nano, QuantityScale.Nano, 1n],
    [QuantityScale.Nano, QuantityScale.Micro, 1n],
    [QuantityScale.Nano, QuantityScale.Milli, 1n],
    [QuantityScale.Nano, 0, 1n],
    [QuantityScale.Micro, QuantityScale.Nano, 1000n],
    [QuantityScale.Micro, QuantityScale.Micro, 1n],
    [QuantityScale.Micro, QuantityScale.Milli, 1n],
    [QuantityScale.Micro, 0, 1n],
    [QuantityScale.Milli, QuantityScale.Nano, 1000000n],
    [QuantityScale.Milli, QuantityScale.Micro, 1000n],
    [QuantityScale.Milli, QuantityScale.Milli, 1n],
    [QuantityScale.Milli, 0, 1n],
    [0, QuantityScale.Nano, 1000000000n],
    [0, QuantityScale.Micro, 1000000n],
    [0, QuantityScale.Milli, 1000n],
    [0, 0, 1n],
    [2, -2, 10000n],
  ])('1×10^%d scaled to 10^%d is %d', (from, to, expected) => {
    expect(newScaledQuantity(1, from).scaledValue(to)).toBe(expected);
  });

  it('keeps Go’s rounding of negative values held at arbitrary precision', () => {
    // "-1.5n" needs more than nano precision, so Go holds an inf.Dec, whose ScaledValue
    // truncates then adds one: the whole value of -2n comes out as 1, not -1.
    expect(parseQuantity('-1.5n').value()).toBe(1);
    expect(parseQuantity('-1n').value()).toBe(-1);
  });

  it('overflows like Go when the milli value of a huge quantity does not fit', () => {
    expect(parseQuantity('9Ei').milliValueBig()).toBe(-1000n);
    expect(parseQuantity('8E').milliValueBig()).toBe(0n);
  });

  it('exposes exact bigint values beyond 2^53', () => {
    expect(parseQuantity('8Ei').valueBig()).toBe(MAX);
    expect(parseQuantity('7Ei').valueBig()).toBe(7n * 2n ** 60n);
  });

  it('gives an int64 only where Go’s fast path has one', () => {
    expect(parseQuantity('1E').asInt64()).toBe(10n ** 18n);
    expect(parseQuantity('10E').asInt64()).toBeUndefined();
    expect(parseQuantity('1000000000000000000').asInt64()).toBeUndefined();
    expect(parseQuantity('999999999999999999').asInt64()).toBe(999999999999999999n);
    expect(parseQuantity('1.5').asInt64()).toBeUndefined();
    expect(parseQuantity('2k').asInt64()).toBe(2000n);
  });
});

describe('comparing quantities', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1Gi', '1024Mi', 0],
    ['1G', '1Gi', -1],
    ['0.5', '500m', 0],
    ['-1', '1m', -1],
    ['1e2000000000', '1', 1],
    ['-1e2000000000', '-1', -1],
  ])('%s compared with %s is %d', (a, b, expected) => {
    expect(parseQuantity(a).cmp(parseQuantity(b))).toBe(expected);
    expect(parseQuantity(b).cmp(parseQuantity(a))).toBe(-expected || 0);
  });

  const eighteen = 10n ** 18n;
  it.each([
    [q(901, -2), q(901, -2), 0],
    [q(90, -1), q(901, -2), -1],
    [q(901, -2), q(900, -2), 1],
    [q(0, 0), q(0, 0), 0],
    [q(0, 1), q(0, -1), 0],
    [q(800, -3), q(1, 0), -1],
    [q(800, -3), q(79, -2), 1],
    [q(MAX, 0), q(1, -1), 1],
    [q(MAX, 1), q(1, 0), 1],
    [q(MAX, 1), q(1, 1), 1],
    [q(MAX, 1), q(0, 1), 1],
    [q(MAX, -16), q(1, 3), -1],
    [q(MIN, 0), q(0, 0), -1],
    [q(MIN, -18), q(-1, 0), -1],
    [q(MIN, -19), q(-1, 0), 1],
    [q(eighteen, -17), q(1, 1), 0],
    [q(eighteen, -17), q(-10, 0), 1],
    [q(-eighteen, -17), q(-10, 0), 0],
    [q(eighteen, -17), q(1, 0), 1],
    [q(eighteen + 1n, -17), q(1, 1), 1],
    [q(eighteen - 1n, -17), q(1, 1), -1],
  ])('orders exactly across scales (case %#)', (a, b, expected) => {
    expect(a.cmp(b)).toBe(expected);
    expect(b.cmp(a)).toBe(-expected || 0);
    expect(a.equals(b)).toBe(expected === 0);
  });

  it('reports sign and zero', () => {
    expect(parseQuantity('-5m').sign).toBe(-1);
    expect(parseQuantity('0Gi').sign).toBe(0);
    expect(parseQuantity('0Gi').isZero()).toBe(true);
    expect(parseQuantity('1n').sign).toBe(1);
    expect(parseQuantity('1n').isZero()).toBe(false);
  });
});

describe('arithmetic without floating-point drift', () => {
  it('adds 0.1 ten times to exactly 1', () => {
    let sum = Quantity.zero();
    for (let i = 0; i < 10; i++) sum = sum.add(parseQuantity('0.1'));
    expect(sum.toString()).toBe('1');
    expect(sum.cmp(parseQuantity('1'))).toBe(0);
  });

  it('sums container requests like kubectl describe node', () => {
    const cpu = ['250m', '100m', '0.5', '1']
      .map((s) => parseQuantity(s))
      .reduce((a, b) => a.add(b), Quantity.zero());
    expect(cpu.toString()).toBe('1850m');
    const mem = ['128Mi', '256Mi', '0.5Gi']
      .map((s) => parseQuantity(s))
      .reduce((a, b) => a.add(b), Quantity.zero());
    expect(mem.toString()).toBe('896Mi');
  });

  it.each([
    [q(10, 0), q(1, 1), q(20, 0)],
    [q(10, 0), q(1, 0, 'BinarySI'), q(11, 0)],
    [q(10, 0, 'BinarySI'), q(1, 0), q(11, 0, 'BinarySI')],
    [Quantity.zero('DecimalSI'), q(50, 0), q(50, 0)],
    [q(50, 0), Quantity.zero('DecimalSI'), q(50, 0)],
    [Quantity.zero('DecimalSI'), Quantity.zero('DecimalSI'), q(0, 0)],
  ])('adds (case %#) and keeps the receiver’s format', (a, b, expected) => {
    const sum = a.add(b);
    expect(sum.cmp(expected)).toBe(0);
    if (!a.isZero()) expect(sum.format).toBe(a.format);
  });

  it.each([
    [q(10, 0), q(1, 1), q(0, 0)],
    [q(10, 0), q(1, 0, 'BinarySI'), q(9, 0)],
    [q(10, 0, 'BinarySI'), q(1, 0), q(9, 0, 'BinarySI')],
    [Quantity.zero('DecimalSI'), q(50, 0), q(-50, 0)],
    [q(50, 0), Quantity.zero('DecimalSI'), q(50, 0)],
    [Quantity.zero('DecimalSI'), Quantity.zero('DecimalSI'), q(0, 0)],
  ])('subtracts (case %#)', (a, b, expected) => {
    expect(a.sub(b).cmp(expected)).toBe(0);
  });

  it.each([['100m'], ['1Gi']])('keeps the suffix of %s when adding or subtracting zero', (text) => {
    const zero = parseQuantity('0');
    const value = parseQuantity(text);
    expect(value.add(zero).toString()).toBe(text);
    expect(zero.add(value).toString()).toBe(text);
    expect(value.sub(zero).toString()).toBe(text);
    expect(zero.sub(value).toString()).toBe(value.neg().toString());
  });

  it('takes the format of the first non-zero term from an empty total', () => {
    expect(Quantity.zero().add(parseQuantity('1Ki')).add(parseQuantity('1k')).toString()).toBe(
      '2024',
    );
    expect(Quantity.zero().add(parseQuantity('1k')).add(parseQuantity('1Ki')).toString()).toBe(
      '2024',
    );
    expect(Quantity.zero().add(parseQuantity('1Mi')).add(parseQuantity('1Mi')).toString()).toBe(
      '2Mi',
    );
  });

  it.each([
    [q(10, 0), 10, q(100, 0)],
    [q(10, 0), 1, q(10, 0)],
    [q(10, 0, 'BinarySI'), 1, q(10, 0, 'BinarySI')],
    [Quantity.zero('DecimalSI'), 50, q(0, 0)],
    [q(50, 0), 0, q(0, 0)],
    [q(10, 0), -10, q(-100, 0)],
    [q(-10, 0), 1, q(-10, 0)],
    [q(10, 0, 'BinarySI'), -1, q(-10, 0, 'BinarySI')],
    [q(-50, 0), 0, q(0, 0)],
    [q(-50, 0), -50, q(2500, 0)],
    [q(MAX, 0), 0, q(0, 1)],
    [q(MAX, 0), 1, q(MAX, 0)],
    [q(MAX, 0), -1, q(-MAX, 0)],
    [q(MAX / 2n, 0), 2, q((MAX / 2n) * 2n, 0)],
    [q(MAX / -2n, 0), -2, q((MAX / 2n) * 2n, 0)],
    [q(MAX, 0), 10, q(MAX, 1)],
    [q(MAX, 0), -10, q(-MAX, 1)],
    [q(MIN, 0), 0, q(0, 1)],
    [q(MIN, 0), 1, q(MIN, 0)],
    [q(MIN / 2n, 0), 2, q(MIN, 0)],
    [q(MIN / -2n, 0), -2, q(MIN, 0)],
    [q(MIN, 0), 10, q(MIN, 1)],
  ])('multiplies by an integer (case %#)', (a, n, expected) => {
    expect(a.mulInt(n).cmp(expected)).toBe(0);
  });

  it('multiplies past int64 exactly', () => {
    expect(q(MAX, 0).mulInt(2).valueBig()).toBe(BigInt.asIntN(64, MAX * 2n)); // Value() wraps like Go
    expect(q(MAX, 0).mulInt(2).toString()).toBe((MAX * 2n).toString());
    expect(q(MIN, 0).mulInt(-1).toString()).toBe((-MIN).toString());
    expect(q(MIN, 0).mulInt(-10).cmp(parseQuantity('92233720368547758080'))).toBe(0);
  });

  it('cancels additions and subtractions across scales', () => {
    let seed = 7n;
    const next = () => (seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 63n);
    let total = Quantity.zero('DecimalSI');
    const added: Quantity[] = [];
    for (let i = 0; i < 100; i++) {
      const j = next();
      const item = newScaledQuantity(j, Number(j % 20n) - 10);
      added.push(item);
      total = total.add(item);
    }
    expect(total.isZero()).toBe(false);
    for (const item of added) total = total.sub(item);
    expect(total.isZero()).toBe(true);
  });

  it('negates twice back to the same value', () => {
    for (const s of ['1', '-7Mi', '1.5Gi', '999999999999999999.1', '3n']) {
      const x = parseQuantity(s);
      expect(x.neg().neg().cmp(x)).toBe(0);
      expect(x.neg().cmp(x)).toBe(x.isZero() ? 0 : -x.sign);
    }
  });

  it('never changes the quantity it is called on', () => {
    const a = parseQuantity('1');
    a.add(parseQuantity('1'));
    a.sub(parseQuantity('5'));
    a.mulInt(3);
    a.neg();
    expect(a.toString()).toBe('1');
  });
});

describe('rounding up to a scale', () => {
  it.each([
    ['9.01', -3, q(901, -2), true],
    ['9.01', -2, q(901, -2), true],
    ['9.01', -1, q(91, -1), false],
    ['9.01', 0, q(10, 0), false],
    ['9.01', 1, q(10, 0), false],
    ['9.01', 2, q(100, 0), false],
    ['-9.01', -3, q(-901, -2), true],
    ['-9.01', -2, q(-901, -2), true],
    ['-9.01', -1, q(-91, -1), false],
    ['-9.01', 0, q(-10, 0), false],
    ['-9.01', 1, q(-10, 0), false],
    ['-9.01', 2, q(-100, 0), false],
    ['1.5Ki', 3, q(2, 3), false],
    ['1.5Ki', 0, q(1536, 0), true],
  ] as const)('rounds %s to 10^%d', (input, scale, expected, exact) => {
    const r = parseQuantity(input).roundUp(scale);
    expect(r.exact).toBe(exact);
    expect(r.quantity.cmp(expected)).toBe(0);
  });
});

describe('decoding quantities from JSON', () => {
  it.each([
    [' 1', '1'],
    ['1 ', '1'],
    [1, '1'],
    [10, '10'],
    [-1, '-1'],
    [' -1', '-1'],
    ['\t250m\n', '250m'],
  ])('trims %j like the API server’s decoder', (input, text) => {
    expect(parseQuantityJSON(input).toString()).toBe(text);
  });

  it('reads null as zero and rejects other types', () => {
    expect(parseQuantityJSON(null).toString()).toBe('0');
    expect(parseQuantityJSON(null).isZero()).toBe(true);
    expect(() => parseQuantityJSON({})).toThrow(ERR_FORMAT_WRONG);
    expect(() => parseQuantityJSON('\ufeff1')).toThrow(ERR_FORMAT_WRONG); // not a Go space
  });
});

describe('approximate floats', () => {
  it.each([
    ['2Ki', 2048],
    ['1.1Ki', 1126.4],
    ['1Mi', 1.048576e6],
    ['2Gi', 2.147483648e9],
    ['0.5', 0.5],
    ['12E', 1.2e19],
  ])('%s is about %d', (input, value) => {
    expect(parseQuantity(input).asApproximateFloat64()).toBe(value);
  });

  it('computes like Go, including its rounding', () => {
    expect(q(7 * 1024 * 1024, -1).asApproximateFloat64()).toBe(7 * 1024 * 1024 * 0.1);
    expect(q(7 * 1024 * 1024, -8).asApproximateFloat64()).toBe(7 * 1024 * 1024 * 1e-8);
    expect(q(12, 500).asApproximateFloat64()).toBe(Infinity);
    expect(q(-12, 500).asApproximateFloat64()).toBe(-Infinity);
    expect(q(MAX, 0).asApproximateFloat64()).toBe(2 ** 63); // float64(math.MaxInt64)
  });
});

describe('a fuzzed round trip through text', () => {
  // The shapes of quantity_test.go's fuzzer (TestJSON).
  it('parses every printed quantity back to an equal value', () => {
    let seed = 12345n;
    const rand = (n: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      return (seed >> 11n) % n;
    };
    const int63 = () => rand(2n ** 63n);
    for (let i = 0; i < 500; i++) {
      let made: Quantity;
      if (rand(2n)) {
        const value = rand(2n) ? int63() : rand(1024n) << (10n * rand(5n));
        made = Quantity.fromInt(value, 'BinarySI');
      } else {
        const format: QuantityFormat = rand(2n) ? 'DecimalSI' : 'DecimalExponent';
        made = rand(2n)
          ? Quantity.fromInt(int63(), format, -Number(rand(4n)))
          : Quantity.fromInt(rand(1000n), format, Number(rand(15n)) - 3);
      }
      const text = made.toString();
      expect(parseQuantity(text).cmp(made)).toBe(0);
    }
  });
});
