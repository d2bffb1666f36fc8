// A small builder for ONNX models: named inputs and outputs, constant initialisers and operator nodes,
// serialised with the field numbers of onnx.proto. Enough for the graphs Mugle runs on ONNX Runtime (the
// cosine top-k tiles, the exported TCAE and CEL encoders); nothing here knows about any model.
import { ProtoWriter } from "./protobuf.ts";

/** ONNX's TensorProto.DataType codes for the element types used here. */
const ELEMENT_TYPES = { float: 1, int32: 6, int64: 7 } as const;
export type ElementType = keyof typeof ELEMENT_TYPES;

/** The IR version and default-domain opset the graphs are written for (ONNX Runtime 1.30 runs both). */
const IR_VERSION = 8;
export const OPSET = 17;

/** A dimension: a fixed size, or a name for a size given at run time (e.g. "batch"). */
export type Dim = number | string;

export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string };

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}

interface Initializer {
  name: string;
  type: ElementType;
  dims: number[];
  data: Float32Array | Int32Array | BigInt64Array;
}

interface ValueInfo {
  name: string;
  type: ElementType;
  shape: Dim[];
}

// AttributeProto.AttributeType codes.
const ATTRIBUTE_TYPES = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

function attributeMessage(name: string, value: AttributeValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if ("int" in value) a.int(3, value.int).int(20, ATTRIBUTE_TYPES.int);
  else if ("float" in value) a.float(2, value.float).int(20, ATTRIBUTE_TYPES.float);
  else if ("ints" in value) a.packedInts(8, value.ints).int(20, ATTRIBUTE_TYPES.ints);
  else if ("floats" in value) a.packedFloats(7, value.floats).int(20, ATTRIBUTE_TYPES.floats);
  else a.bytes(4, new TextEncoder().encode(value.string)).int(20, ATTRIBUTE_TYPES.string);
  return a;
}

function valueInfoMessage(info: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    shape.message(1, typeof dim === "number" ? new ProtoWriter().int(1, dim) : new ProtoWriter().string(2, dim));
  }
  const tensorType = new ProtoWriter().int(1, ELEMENT_TYPES[info.type]).message(2, shape);
  return new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
}

function tensorMessage(t: Initializer): ProtoWriter {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  // raw_data is little-endian, which is what typed arrays hold on every platform Node runs on.
  return new ProtoWriter().packedInts(1, t.dims).int(2, ELEMENT_TYPES[t.type]).string(8, t.name).bytes(9, raw);
}

export class OnnxGraph {
  private readonly nodes: Node[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  /** A name not used yet in this graph, from a readable stem. */
  fresh(stem: string): string {
    let name = stem;
    while (this.names.has(name)) name = `${stem}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  input(name: string, type: ElementType, shape: Dim[]): string {
    this.inputs.push({ name: this.claim(name), type, shape });
    return name;
  }

  /** Declares `value` (a name already produced in the graph) as an output. */
  output(value: string, type: ElementType, shape: Dim[]): void {
    this.outputs.push({ name: value, type, shape });
  }

  /** A constant tensor stored in the model; returns its name. */
  constant(stem: string, data: Float32Array | Int32Array | BigInt64Array, dims: readonly number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new Error(`onnx constant ${stem}: ${data.length} values for dims [${dims}]`);
    const type: ElementType = data instanceof Float32Array ? "float" : data instanceof Int32Array ? "int32" : "int64";
    const name = this.fresh(stem);
    this.initializers.push({ name, type, dims: [...dims], data });
    return name;
  }

  /** An int64 vector constant (shapes, axes, pads, k). */
  ints(stem: string, values: readonly number[]): string {
    return this.constant(stem, BigInt64Array.from(values, (v) => BigInt(v)), [values.length]);
  }

  /** Adds a node; returns its output names (fresh names made from `outputs` stems, or from the op). */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs: readonly string[] = [op.toLowerCase()]): string[] {
    const named = outputs.map((stem) => this.fresh(stem));
    this.nodes.push({ op, inputs: [...inputs], outputs: named, attributes });
    return named;
  }

  /** Shorthand for a node with one output. */
  op(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.node(op, inputs, attributes)[0]!;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`onnx graph ${this.name}: the name ${name} is used twice`);
    this.names.add(name);
    return name;
  }

  /** The serialised ModelProto. */
  toModel(producer = "mugle"): Uint8Array {
    const graph = new ProtoWriter();
    for (const n of this.nodes) {
      const node = new ProtoWriter();
      for (const i of n.inputs) node.string(1, i);
      for (const o of n.outputs) node.string(2, o);
      node.string(3, n.outputs[0]!).string(4, n.op);
      for (const [name, value] of Object.entries(n.attributes)) node.message(5, attributeMessage(name, value));
      graph.message(1, node);
    }
    graph.string(2, this.name);
    for (const t of this.initializers) graph.message(5, tensorMessage(t));
    for (const i of this.inputs) graph.message(11, valueInfoMessage(i));
    for (const o of this.outputs) graph.message(12, valueInfoMessage(o));
    return new ProtoWriter()
      .int(1, IR_VERSION)
      .string(2, producer)
      .message(7, graph)
      .message(8, new ProtoWriter().string(1, "").int(2, OPSET))
      .finish();
  }
}
