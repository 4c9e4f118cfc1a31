/**
 * The label-selector string parser (`a=b,c in (x,y),!d`), following Kubernetes' labels.Parse grammar,
 * validation and error messages; a bad selector is a 400 BadRequest.
 */
import { badRequest } from '../errors/status-error.js';
import { formatFieldValue } from '../validation/field-errors.js';
import { isQualifiedName, isValidLabelValue } from '../validation/name-format.js';
import { selectorOf, type LabelOperator, type LabelRequirement, type LabelSelector } from './label-selector.js';

type Token =
  | 'error'
  | 'eos'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const LITERALS: Record<string, Token> = {
  ')': 'closedPar',
  ',': 'comma',
  '!': 'doesNotExist',
  '==': 'doubleEquals',
  '=': 'equals',
  '>': 'greaterThan',
  in: 'in',
  '<': 'lessThan',
  '!=': 'notEquals',
  notin: 'notIn',
  '(': 'openPar',
};

/** The binary operators listed, in Kubernetes' order, when an operator is expected. */
const BINARY_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

interface Item {
  tok: Token;
  lit: string;
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

/** Splits a selector into tokens; keywords `in`/`notin` are recognised only as whole words. */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' });
      return items;
    }
    if (isSpecial(s[pos]!)) {
      // Longest run of special characters that still forms a token (`!=`, `==`).
      let best: Item | undefined;
      let buffer = '';
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos];
        const tok = LITERALS[buffer];
        if (tok) best = { tok, lit: buffer };
        else if (best) break;
        pos++;
      }
      items.push(best ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const word = s.slice(start, pos);
    items.push({ tok: LITERALS[word] ?? 'identifier', lit: word });
  }
}

class ParseError extends Error {}

/** Kubernetes' field error text for the parse path (`<nil>` when there is no path). */
function fieldInvalid(path: string, value: unknown, detail: string): string {
  return `${path}: Invalid value: ${formatFieldValue(value)}: ${detail}`;
}

function keyError(key: string): string | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? fieldInvalid('<nil>', key, errs.join('; ')) : undefined;
}

/** Builds a requirement, checking key, values and operator as Kubernetes' NewRequirement does. */
export function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErr = isQualifiedName(key);
  if (keyErr.length) errs.push(fieldInvalid('key', key, keyErr.join('; ')));
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(fieldInvalid('values', values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(fieldInvalid('values', values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(fieldInvalid('values', values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(fieldInvalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (!/^[+-]?[0-9]+$/.test(v)) errs.push(fieldInvalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(`operator: Unsupported value: ${formatFieldValue(operator)}`);
  }
  values.forEach((v, i) => {
    const valueErr = isValidLabelValue(v);
    if (valueErr.length) errs.push(fieldInvalid(`values[${i}][${key}]`, v, valueErr.join('; ')));
  });
  const unique = [...new Set(errs)];
  if (unique.length === 1) throw new ParseError(unique[0]);
  if (unique.length > 1) throw new ParseError(`[${unique.join(', ')}]`);
  return { key, operator, values: [...values] };
}

class Parser {
  private position = 0;

  constructor(private readonly items: Item[]) {}

  /** In a values context the keywords `in` and `notin` are plain identifiers. */
  private lookahead(values: boolean): Item {
    const item = this.items[this.position]!;
    return values && (item.tok === 'in' || item.tok === 'notIn') ? { tok: 'identifier', lit: item.lit } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'identifier' || tok === 'doesNotExist') {
        try {
          requirements.push(this.parseRequirement());
        } catch (err) {
          if (err instanceof ParseError) throw new ParseError(`unable to parse requirement: ${err.message}`);
          throw err;
        }
        const next = this.consume(true);
        if (next.tok === 'eos') return requirements;
        if (next.tok !== 'comma') throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
        const after = this.lookahead(true);
        if (after.tok !== 'identifier' && after.tok !== 'doesNotExist') {
          throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
        }
      } else if (tok === 'eos') {
        return requirements;
      } else {
        throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let negated = false;
    let item = this.consume(true);
    if (item.tok === 'doesNotExist') {
      negated = true;
      item = this.consume(true);
    }
    if (item.tok !== 'identifier') throw new ParseError(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErr = keyError(key);
    if (keyErr) throw new ParseError(keyErr);
    // `!key` never takes an operator: whatever follows is then reported by the caller.
    if (negated) return newRequirement(key, '!', []);
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === 'comma') return newRequirement(key, 'exists', []);
    return this.parseBinary(key);
  }

  private parseBinary(key: string): LabelRequirement {
    const opItem = this.consume(false);
    const operators: Partial<Record<Token, LabelOperator>> = {
      in: 'in',
      equals: '=',
      doubleEquals: '==',
      greaterThan: 'gt',
      lessThan: 'lt',
      notIn: 'notin',
      notEquals: '!=',
    };
    const operator = operators[opItem.tok];
    if (!operator) throw new ParseError(`found '${opItem.lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort());
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== 'openPar') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === 'identifier' || tok === 'comma') {
      const set = this.parseIdentifiersList();
      this.consume(true);
      return set;
    }
    if (tok === 'closedPar') {
      this.consume(true);
      return new Set(['']);
    }
    throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'identifier') {
        set.add(lit);
        const next = this.lookahead(true);
        if (next.tok === 'comma') continue;
        if (next.tok === 'closedPar') return set;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === 'comma') {
        if (set.size === 0) set.add(''); // `(,`
        const next = this.lookahead(true).tok;
        if (next === 'closedPar') {
          set.add(''); // `,)`
          return set;
        }
        if (next === 'comma') set.add(''); // `,,`
      } else {
        throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === 'comma') return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === 'identifier') return new Set([lit]);
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * Parses a label selector string (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`,
 * comma-separated). The empty string selects everything. Throws a 400 `StatusError` with Kubernetes' message.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  try {
    return selectorOf(new Parser(lex(selector)).parse());
  } catch (err) {
    if (err instanceof ParseError) throw badRequest(err.message);
    throw err;
  }
}
