// A small inline-SVG sparkline: a polyline over the last values, scaled to the largest.
const NS = 'http://www.w3.org/2000/svg';

export function sparkline(svg, input) {
  const w = 120, h = 32;
  const values = input.length === 1 ? [input[0], input[0]] : input;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' ');
  let line = svg.querySelector('polyline');
  if (!line) {
    line = document.createElementNS(NS, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('class', 'spark-line');
    svg.appendChild(line);
  }
  line.setAttribute('points', points);
}

export function inlineSpark(values) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 120 32');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('aria-hidden', 'true');
  sparkline(svg, values);
  return svg;
}
