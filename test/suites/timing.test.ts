import { expect } from 'chai';
import { spelledDuration } from '../../suites/timing.js';

describe('waits as people read them', () => {
  it('spells hours, minutes and seconds, leaving out parts that are zero', () => {
    expect(spelledDuration(3_606_000)).to.equal('1h 6s');
    expect(spelledDuration(906_000)).to.equal('15m 6s');
    expect(spelledDuration(9_000_000)).to.equal('2h 30m');
    expect(spelledDuration(3_600_000)).to.equal('1h');
    expect(spelledDuration(60_000)).to.equal('1m');
  });

  it('spells waits under a minute in seconds with one decimal', () => {
    expect(spelledDuration(2_250)).to.equal('2.3s');
    expect(spelledDuration(59_000)).to.equal('59s');
  });
});
