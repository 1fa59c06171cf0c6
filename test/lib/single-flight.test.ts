import { ManualClock } from '../../src/lib/clock';
import { SingleFlight } from '../../src/lib/single-flight';

describe('SingleFlight', () => {
  it('shares one read between callers of the same key until its time is up', async () => {
    const clock = new ManualClock(0);
    const flight = new SingleFlight(clock);
    let reads = 0;
    const read = async () => ++reads;
    const [a, b] = await Promise.all([flight.run('k', 1000, read), flight.run('k', 1000, read)]);
    expect([a, b, reads]).toEqual([1, 1, 1]);
    expect(await flight.run('other', 1000, read)).toBe(2);
    clock.advance(1000);
    expect(await flight.run('k', 1000, read)).toBe(3);
  });

  it('never keeps a failure: the next caller reads again', async () => {
    const flight = new SingleFlight(new ManualClock(0));
    await expect(flight.run('k', 1000, async () => Promise.reject(new Error('throttled')))).rejects.toThrow(
      'throttled',
    );
    expect(await flight.run('k', 1000, async () => 'fresh')).toBe('fresh');
  });
});
