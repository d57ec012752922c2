#!/usr/bin/env python3
"""Lists the source documents of a portable PDB and whether each one's text is embedded.

Usage: python3 tools/pdb-info.py NeuralNet.pdb
Prints one line per document, "embedded <path>" or "missing  <path>", then a summary line.
Exits 1 if the file is not a portable PDB.

tools/check-package.sh uses it to prove that the symbol package carries the sources
(EmbedAllSources) and that their paths are the deterministic /_/ ones (ContinuousIntegrationBuild).
Standard library only. It reads the ECMA-335 metadata layout with the Portable PDB tables
(Document 0x30 and CustomDebugInformation 0x37); the other tables are only skipped over.
"""
import struct
import sys
import uuid

EMBEDDED_SOURCE = uuid.UUID("0E8A571B-6926-466E-B4AD-8AB04611F5FE")

# HasCustomDebugInformation coded index: its tables in tag order (Portable PDB spec).
HAS_CUSTOM_DEBUG_INFORMATION = [0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00, 0x0E, 0x17, 0x14,
                                0x11, 0x1A, 0x1B, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B,
                                0x30, 0x32, 0x33, 0x34, 0x35]
DOCUMENT, METHOD_DEBUG, LOCAL_SCOPE, LOCAL_VARIABLE, LOCAL_CONSTANT, IMPORT_SCOPE, STATE_MACHINE, CUSTOM_DEBUG = range(0x30, 0x38)
METHOD_DEF = 0x06


def fail(message):
    print(f"pdb-info: {message}", file=sys.stderr)
    sys.exit(1)


def read(path):
    data = open(path, "rb").read()
    if data[:4] != b"BSJB":
        fail(f"{path} is not a portable PDB (no BSJB metadata signature)")
    version_length = struct.unpack_from("<I", data, 12)[0]
    offset = 16 + version_length + 2
    stream_count = struct.unpack_from("<H", data, offset)[0]
    offset += 2
    streams = {}
    for _ in range(stream_count):
        start, size = struct.unpack_from("<II", data, offset)
        offset += 8
        end = data.index(b"\0", offset)
        name = data[offset:end].decode("ascii")
        offset += (end - offset + 4) // 4 * 4  # the name with its NUL, padded to 4 bytes
        streams[name] = data[start:start + size]
    for required in ("#Pdb", "#~", "#Blob", "#GUID"):
        if required not in streams:
            fail(f"{path} has no {required} stream")
    return streams


def row_counts(streams):
    pdb = streams["#Pdb"]
    referenced = struct.unpack_from("<Q", pdb, 24)[0]
    counts = [0] * 64
    offset = 32
    for table in range(64):
        if referenced >> table & 1:
            counts[table] = struct.unpack_from("<I", pdb, offset)[0]
            offset += 4
    tables = streams["#~"]
    heap_sizes = tables[6]
    valid = struct.unpack_from("<Q", tables, 8)[0]
    offset = 24
    present = []
    for table in range(64):
        if valid >> table & 1:
            counts[table] = struct.unpack_from("<I", tables, offset)[0]
            present.append(table)
            offset += 4
    return counts, present, heap_sizes, offset


def parse(path):
    streams = read(path)
    counts, present, heap_sizes, offset = row_counts(streams)
    tables = streams["#~"]
    string_size = 4 if heap_sizes & 1 else 2
    guid_size = 4 if heap_sizes & 2 else 2
    blob_size = 4 if heap_sizes & 4 else 2

    def index_size(table):
        return 2 if counts[table] < 1 << 16 else 4

    coded_size = 2 if max(counts[t] for t in HAS_CUSTOM_DEBUG_INFORMATION) < 1 << (16 - 5) else 4
    columns = {
        DOCUMENT: [blob_size, guid_size, blob_size, guid_size],
        METHOD_DEBUG: [index_size(DOCUMENT), blob_size],
        LOCAL_SCOPE: [index_size(METHOD_DEF), index_size(IMPORT_SCOPE), index_size(LOCAL_VARIABLE),
                      index_size(LOCAL_CONSTANT), 4, 4],
        LOCAL_VARIABLE: [2, 2, string_size],
        LOCAL_CONSTANT: [string_size, blob_size],
        IMPORT_SCOPE: [index_size(IMPORT_SCOPE), blob_size],
        STATE_MACHINE: [index_size(METHOD_DEF), index_size(METHOD_DEF)],
        CUSTOM_DEBUG: [coded_size, guid_size, blob_size],
    }
    rows = {}
    for table in present:
        if table not in columns:
            fail(f"{path} has metadata table 0x{table:02x}, which a portable PDB does not")
        widths = columns[table]
        table_rows = []
        for _ in range(counts[table]):
            row = []
            for width in widths:
                row.append(struct.unpack_from("<I" if width == 4 else "<H", tables, offset)[0])
                offset += width
            table_rows.append(row)
        rows[table] = table_rows

    blobs, guids = streams["#Blob"], streams["#GUID"]

    def compressed(at):
        first = blobs[at]
        if first & 0x80 == 0:
            return first, at + 1
        if first & 0xC0 == 0x80:
            return (first & 0x3F) << 8 | blobs[at + 1], at + 2
        return (first & 0x1F) << 24 | blobs[at + 1] << 16 | blobs[at + 2] << 8 | blobs[at + 3], at + 4

    def blob(index):
        length, start = compressed(index)
        return blobs[start:start + length]

    def guid(index):
        return uuid.UUID(bytes_le=guids[(index - 1) * 16:index * 16]) if index else None

    def document_name(index):
        raw = blob(index)
        separator = raw[0:1].decode("utf-8")
        parts, at = [], 1
        while at < len(raw):
            length, at = compressed_in(raw, at)
            parts.append(blob(length).decode("utf-8") if length else "")
        return separator.join(parts) if separator != "\0" else "".join(parts)

    def compressed_in(raw, at):
        first = raw[at]
        if first & 0x80 == 0:
            return first, at + 1
        if first & 0xC0 == 0x80:
            return (first & 0x3F) << 8 | raw[at + 1], at + 2
        return (first & 0x1F) << 24 | raw[at + 1] << 16 | raw[at + 2] << 8 | raw[at + 3], at + 4

    document_tag = HAS_CUSTOM_DEBUG_INFORMATION.index(DOCUMENT)
    embedded = set()
    for parent, kind, _ in rows.get(CUSTOM_DEBUG, []):
        if parent & 0x1F == document_tag and guid(kind) == EMBEDDED_SOURCE:
            embedded.add(parent >> 5)
    return [(document_name(row[0]), number in embedded)
            for number, row in enumerate(rows.get(DOCUMENT, []), start=1)]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: pdb-info.py FILE.pdb")
    documents = parse(sys.argv[1])
    for name, is_embedded in documents:
        print(("embedded " if is_embedded else "missing  ") + name)
    print(f"{sum(e for _, e in documents)} of {len(documents)} documents embedded")
