// random, as Ansible's filter: on a whole number n, a whole number in range(start, n, step)
// (Kubespray: `delay: "{{ retry_stagger | random + 3 }}"`); on a list or a string, one of
// its items. No seed: Python's seeded sequence could not be matched, so it is refused.
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';

function randrange(end: number, start: number, step: number): number {
  if (step === 0) throw new Fault('"random": the step must not be 0');
  const count = Math.ceil((end - start) / step);
  if (count <= 0) throw new Fault(`"random": the range from ${start} to ${end} by ${step} is empty`);
  return start + step * Math.floor(Math.random() * count);
}

export const RANDOM_FILTERS: [string, FilterDef][] = [
  [
    'random',
    {
      args: [0, 2],
      doc: '`x | random`: a whole number in range(x) (`random(start, step)` as Python), or one item of a list',
      run: (v, [start, step]) => {
        if (typeof v === 'number' && Number.isInteger(v)) {
          const whole = (a: unknown, d: number) => (a === undefined || a === null || a === 0 ? d : a);
          const [s, st] = [whole(start, 0), whole(step, 1)];
          if (!Number.isInteger(s) || !Number.isInteger(st))
            throw new Fault('"random": start and step are whole numbers');
          return randrange(v, s as number, st as number);
        }
        const items = Array.isArray(v) ? v : typeof v === 'string' ? [...v] : undefined;
        if (items === undefined) throw new Fault('random can only be used on sequences and integers');
        if (start !== undefined || step !== undefined)
          throw new Fault('"random": start and step only go with a number');
        if (items.length === 0) throw new Fault('"random": the list is empty');
        return items[Math.floor(Math.random() * items.length)];
      },
    },
  ],
];
