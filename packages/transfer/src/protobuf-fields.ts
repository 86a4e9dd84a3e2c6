/**
 * Reading a few fields of Anki's protobuf messages without compiling its .proto files: protobufjs's Reader walks the
 * wire format, and the field numbers are Anki's (proto/anki/notetypes.proto: Notetype.Config.kind = 1,
 * CardTemplate.Config.q_format = 1 / a_format = 2; import_export.proto: PackageMetadata.version = 1,
 * MediaEntries.entries = 1, MediaEntry.name = 1).
 */
import protobuf from 'protobufjs/minimal.js';

export type TFieldValue = number | Uint8Array;

/** Every field of one message: field number → values in order (varints as numbers, length-delimited as bytes). */
export function readMessage(bytes: Uint8Array): Map<number, TFieldValue[]> {
  const reader = protobuf.Reader.create(bytes);
  const fields = new Map<number, TFieldValue[]>();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: TFieldValue | null = null;
    if (wire === 0) value = reader.uint32();
    else if (wire === 2) value = reader.bytes();
    else reader.skipType(wire);
    if (value !== null) {
      const list = fields.get(field) ?? [];
      list.push(value);
      fields.set(field, list);
    }
  }
  return fields;
}

const utf8 = new TextDecoder();

export function stringField(fields: Map<number, TFieldValue[]>, n: number): string {
  const v = fields.get(n)?.[0];
  return v instanceof Uint8Array ? utf8.decode(v) : '';
}

export function numberField(fields: Map<number, TFieldValue[]>, n: number): number {
  const v = fields.get(n)?.[0];
  return typeof v === 'number' ? v : 0;
}

export function messageFields(fields: Map<number, TFieldValue[]>, n: number): Uint8Array[] {
  return (fields.get(n) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array);
}
