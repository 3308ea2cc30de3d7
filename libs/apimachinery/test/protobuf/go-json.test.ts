// The Go value formats the protobuf decoder writes: time.Duration.String (cases from Go's own
// time package tests), metav1.Time/MicroTime and encoding/json's base64 for []byte.
import { base64, formatGoDuration, formatMicroTime, formatTime } from '../../src/protobuf/go-json';

describe('protobuf Go JSON value formats', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [245_000_000_000n, '4m5s'],
    [245_001_000_000n, '4m5.001s'],
    [18_367_001_000_000n, '5h6m7.001s'],
    [480_000_000_001n, '8m0.000000001s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-1_500_000_000n, '-1.5s'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
    [-9_223_372_036_854_775_808n, '-2562047h47m16.854775808s'],
  ])('Duration %s is %s', (ns, text) => {
    expect(formatGoDuration(ns)).toBe(text);
  });

  it('formats Time in UTC with whole seconds and MicroTime with six digits', () => {
    expect(formatTime(0n)).toBe('1970-01-01T00:00:00Z');
    expect(formatTime(1_700_000_000n)).toBe('2023-11-14T22:13:20Z');
    expect(formatMicroTime(1_700_000_000n, 5_000)).toBe('2023-11-14T22:13:20.000005Z');
    // Truncation toward zero, then normalisation into [0, 1s) like time.Unix.
    expect(formatMicroTime(10n, -1_500)).toBe('1970-01-01T00:00:09.999999Z');
    expect(() => formatTime(253_402_300_800n)).toThrow(/outside years 0-9999/);
  });

  it('writes []byte as padded standard base64', () => {
    for (let n = 0; n < 12; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) & 0xff);
      expect(base64(data)).toBe(Buffer.from(data).toString('base64'));
    }
  });
});
