#!/usr/bin/env python3
"""make-seeds.py — writes the seed corpora of fuzz-fhir and fuzz-mesh (tests/fuzz/corpus/), the
two whose inputs are not plain documents: a FHIR conversation is several answers separated by NUL
bytes, and meshes include binary formats (STL, PLY, GLB). The JSON loaders' seeds are plain files,
edited by hand. Synthetic data only. Run from anywhere; it rewrites only the files it names, so
the inputs of findings kept beside them stay.

The result is committed: the seeds are test data, and this script says how they were made.
"""
import base64
import json
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
REPO = os.path.dirname(os.path.dirname(HERE))


def write(harness, name, data):
    os.makedirs(os.path.join(CORPUS, harness), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(CORPUS, harness, name), "wb") as f:
        f.write(data)


# ---------------------------------------------------------------------------------------- FHIR

LOINC = "http://loinc.org"
ORIGIN = "http://127.0.0.1:8/fhir"  # fuzz-fhir.c's BASE_URL
TWIN_TYPE = {"coding": [{"system": "http://cardiotwin.example/fhir/CodeSystem/document-type",
                         "code": "cardiotwin-twin"}]}


def j(resource):
    return json.dumps(resource, separators=(",", ":"), ensure_ascii=False)


def conversation(*answers):
    """Answers in the order the client asks for them, NUL between them (fuzz-fhir.c)."""
    return b"\0".join(a if isinstance(a, bytes) else j(a).encode("utf-8") for a in answers)


def patient(pid="p1", gender="female", birth="1965-06-30", **extra):
    p = {"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": birth,
         "name": [{"family": "Testperson", "given": ["Ada", "B."]}],
         "identifier": [{"system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "MRN100001"}]}
    p.update(extra)
    return p


def obs(oid, code, value, unit, when="2026-09-01T08:00:00Z", status="final", **extra):
    o = {"resourceType": "Observation", "id": oid, "status": status,
         "code": {"coding": [{"system": LOINC, "code": code}]},
         "effectiveDateTime": when,
         "valueQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": unit}}
    o.update(extra)
    return o


def bundle(resources, next_url=None, bundle_type="searchset", modes=None):
    b = {"resourceType": "Bundle", "type": bundle_type, "total": len(resources),
         "entry": [{"resource": r, "search": {"mode": (modes[i] if modes else "match")}}
                   for i, r in enumerate(resources)]}
    if next_url is not None:
        b["link"] = [{"relation": "self", "url": ORIGIN + "/Observation?patient=p1"},
                     {"relation": "next", "url": next_url}]
    return b


def condition(cid, snomed, clinical="active", verification="confirmed"):
    return {"resourceType": "Condition", "id": cid,
            "clinicalStatus": {"coding": [{"code": clinical}]},
            "verificationStatus": {"coding": [{"code": verification}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": snomed}]}}


def twin_package(content, date="2026-11-01T09:00:00Z", did="twin-p1"):
    return {"resourceType": "DocumentReference", "id": did, "status": "current",
            "meta": {"versionId": "3"}, "date": date, "type": TWIN_TYPE, "content": content}


def inline(content_type, data):
    return {"attachment": {"contentType": content_type,
                           "data": base64.b64encode(data).decode("ascii")}}


def fhir_seeds():
    h = "fuzz-fhir"
    # The client keeps the twin's text and the mesh's bytes as they are (their own loaders have
    # their own harnesses): small stand-ins do.
    twin = b'{"format": "cardiotwin/1"}'
    stl = ascii_stl("LV", bicone((0, 0, 0), 20, 80, 3))
    echo = [obs("h", "8302-2", 164, "cm", "2026-01-01"),
            obs("w", "29463-7", 70.5, "kg"),
            obs("w-old", "29463-7", 80, "kg", "2025-01-01"),
            obs("q", "8633-0", 158, "ms"),
            obs("hr", "8867-4", 72, "/min"),
            obs("ef", "79991-6", 25, "%", "2026-09-02"),
            obs("edv", "18026-5", 240, "mL", "2026-09-02"),
            obs("esv", "75989-4", 180, "mL", "2026-09-02"),
            {"resourceType": "Observation", "id": "bp", "status": "final",
             "code": {"coding": [{"system": LOINC, "code": "85354-9"}]},
             "effectivePeriod": {"start": "2026-09-01T08:00:00Z"},
             "component": [
                 {"code": {"coding": [{"system": LOINC, "code": "8480-6"}]},
                  "valueQuantity": {"value": 108, "code": "mm[Hg]"}},
                 {"code": {"coding": [{"system": LOINC, "code": "8462-4"}]},
                  "valueQuantity": {"value": 66, "unit": "mm[Hg]"}}]},
            obs("prelim", "8867-4", 140, "/min", "2026-10-01", status="preliminary"),
            obs("absent", "10230-1", 60, "%", "2026-10-01",
                dataAbsentReason={"coding": [{"code": "error"}]})]
    catheter = [obs("cvp", "60985-9", 10.9, "cm[H2O]", "2026-09-03"),
                obs("co", "8741-1", 4100, "mL/min", "2026-09-03"),
                obs("pcwp", "75994-4", 2.4, "kPa", issued="2026-09-03T10:00:00Z")]
    del catheter[2]["effectiveDateTime"]
    conditions = [condition("lbbb", "164909002"),
                  condition("old", "164909002", clinical="resolved"),
                  condition("hf", "84114007")]
    docs = [twin_package([inline("application/json", twin),
                          {"attachment": {"contentType": "model/stl", "url": "Binary/mesh-p1"}}]),
            twin_package([inline("application/json", b"{}")], date="2025-01-01", did="old")]
    binary = {"resourceType": "Binary", "contentType": "model/stl",
              "data": base64.b64encode(stl).decode("ascii")}
    write(h, "record-full.fhir", conversation(
        patient(), bundle(echo, next_url=ORIGIN + "/Observation?patient=p1&page=2"),
        bundle(catheter), bundle(conditions), bundle(docs), binary))
    write(h, "record-units.fhir", conversation(
        patient(gender="male", birth="1950-02-28"),
        bundle([obs("h", "8302-2", 70, "[in_i]"), obs("w", "29463-7", 190, "[lb_av]"),
                obs("q", "8633-0", 0.12, "s"), obs("hr", "8867-4", 60, "{beats}/min"),
                obs("ef", "10230-1", 55, "%"), obs("edv", "75988-6", 0.13, "L"),
                obs("map", "8478-0", 12, "kPa"), obs("co", "8737-9", 5, "L/min")])))
    write(h, "record-patient-only.fhir", conversation(patient()))
    write(h, "record-inline-mesh.fhir", conversation(
        patient(), bundle([]), bundle([]),
        bundle([twin_package([inline("model/stl", stl), inline("application/json", b"{}")])])))
    write(h, "search-patients.fhir", conversation(
        bundle([patient("p1"), patient("p2", name=[{"text": "Text Only"}]), patient("p1"),
                {"resourceType": "Patient"},
                {"resourceType": "OperationOutcome", "issue": []}],
               modes=["match", "match", "match", "match", "outcome"]),
        bundle([patient("p3", name=[], identifier=[])])))
    write(h, "patient-unicode.fhir", conversation(
        patient(name=[{"family": "Ōkubo", "given": ["Yū", 5, "Ærø"]}], birthDate="1970")))
    # Invalid answers, each refused by one of the client's checks.
    write(h, "bad-operation-outcome.fhir", conversation(
        {"resourceType": "OperationOutcome", "issue": [{"severity": "error"}]}))
    write(h, "bad-not-searchset.fhir", conversation(
        patient(), bundle([obs("hr", "8867-4", 72, "/min")], bundle_type="collection")))
    write(h, "bad-next-link-elsewhere.fhir", conversation(
        patient(), bundle([obs("hr", "8867-4", 72, "/min")],
                          next_url="https://elsewhere.example/fhir/Observation?page=2")))
    write(h, "bad-attachment-elsewhere.fhir", conversation(
        patient(), bundle([]), bundle([]), bundle([twin_package([
            {"attachment": {"contentType": "application/json",
                            "url": "https://elsewhere.example/Binary/x"}}])])))
    write(h, "bad-attachment-empty.fhir", conversation(
        patient(), bundle([]), bundle([]), bundle([twin_package([
            {"attachment": {"contentType": "application/json"}}])])))
    write(h, "bad-wrong-entry-type.fhir", conversation(
        patient(), bundle([condition("c", "164909002")])))
    write(h, "bad-unit-not-a-length.fhir", conversation(
        patient(), bundle([obs("h", "8302-2", 5, "mmol/L"), obs("w", "29463-7", 70, "kg")])))
    write(h, "bad-gender-unknown.fhir", conversation(
        patient(gender="unknown"), bundle(echo)))
    write(h, "bad-not-json.fhir", b"<Patient xmlns=\"http://hl7.org/fhir\"/>")
    # Findings: the platform's text reached messages whole, line breaks and control characters
    # included (docs/fuzzing.md).
    write(h, "bad-control-characters-bundle-type.fhir", conversation(
        patient(), bundle([], bundle_type="search\x7fset\nnext line")))
    write(h, "bad-control-characters-resource-type.fhir", conversation(
        {"resourceType": "Patient\r\nInjected: header" + "x" * 300}))
    write(h, "bad-control-characters-entry-type.fhir", conversation(
        patient(), bundle([{"resourceType": "Observation\u2028\u0007"}])))
    write(h, "bad-control-characters-json-syntax-error.fhir", conversation(
        b'{"resourceType": "Patient", "id"\xc2\x84: "p1"}'))
    write(h, "bad-control-characters-unit.fhir", conversation(
        patient(), bundle([obs("h\nid", "8302-2", 164, "c\tm\n"),
                           obs("w", "29463-7", 70, "kg")])))


# ---------------------------------------------------------------------------------------- meshes


def bicone(centre, radius, length, n):
    """A closed double cone along z: apex at centre, widest at 2/3 of the length (an LV's shape,
    roughly), n vertices around. Returns (vertices, triangles), counter-clockwise from outside."""
    cx, cy, cz = centre
    verts = [(cx, cy, cz)]
    ring = 2.0 * length / 3.0
    for k in range(n):
        a = 2 * math.pi * k / n
        verts.append((cx + radius * math.cos(a), cy + radius * math.sin(a), cz + ring))
    verts.append((cx, cy, cz + length))
    top = len(verts) - 1
    tris = []
    for k in range(n):
        a, b = 1 + k, 1 + (k + 1) % n
        tris.append((0, b, a))
        tris.append((top, a, b))
    return verts, tris


def normal(v, t):
    (ax, ay, az), (bx, by, bz), (cx, cy, cz) = (v[i] for i in t)
    ux, uy, uz, wx, wy, wz = bx - ax, by - ay, bz - az, cx - ax, cy - ay, cz - az
    nx, ny, nz = uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx
    length = math.sqrt(nx * nx + ny * ny + nz * nz) or 1.0
    return nx / length, ny / length, nz / length


def fmt(x):
    return ("%.3f" % x).rstrip("0").rstrip(".")


def ascii_stl(name, mesh):
    v, tris = mesh
    out = ["solid %s" % name]
    for t in tris:
        out.append("facet normal %s %s %s" % tuple(fmt(c) for c in normal(v, t)))
        out.append("outer loop")
        for i in t:
            out.append("vertex %s %s %s" % tuple(fmt(c) for c in v[i]))
        out.append("endloop")
        out.append("endfacet")
    out.append("endsolid %s" % name)
    return ("\n".join(out) + "\n").encode("ascii")


def binary_stl(mesh):
    v, tris = mesh
    out = bytearray(b"binary STL of a synthetic LV".ljust(80, b" "))
    out += struct.pack("<I", len(tris))
    for t in tris:
        out += struct.pack("<3f", *normal(v, t))
        for i in t:
            out += struct.pack("<3f", *v[i])
        out += struct.pack("<H", 0)
    return bytes(out)


def obj(parts, extra=""):
    out = [extra] if extra else []
    base = 1
    for name, (v, tris) in parts:
        out.append("o %s" % name)
        out += ["v %s %s %s" % tuple(fmt(c) for c in p) for p in v]
        out += ["f %d %d %d" % tuple(base + i for i in t) for t in tris]
        base += len(v)
    return ("\n".join(out) + "\n").encode("ascii")


def ply_ascii(mesh):
    v, tris = mesh
    out = ["ply", "format ascii 1.0", "comment synthetic LV", "element vertex %d" % len(v),
           "property float x", "property float y", "property float z",
           "element face %d" % len(tris), "property list uchar int vertex_indices", "end_header"]
    out += ["%s %s %s" % tuple(fmt(c) for c in p) for p in v]
    out += ["3 %d %d %d" % t for t in tris]
    return ("\n".join(out) + "\n").encode("ascii")


def ply_binary(mesh):
    v, tris = mesh
    head = "\n".join(["ply", "format binary_little_endian 1.0", "element vertex %d" % len(v),
                      "property float x", "property float y", "property float z",
                      "element face %d" % len(tris), "property list uchar int vertex_indices",
                      "end_header"]) + "\n"
    out = bytearray(head.encode("ascii"))
    for p in v:
        out += struct.pack("<3f", *p)
    for t in tris:
        out += struct.pack("<B3i", 3, *t)
    return bytes(out)


def gltf(parts, external=False):
    """A glTF 2.0 document and its binary buffer: one node and one mesh a part."""
    buf = bytearray()
    doc = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": []}], "nodes": [],
           "meshes": [], "accessors": [], "bufferViews": []}
    for name, (v, tris) in parts:
        pos_off = len(buf)
        for p in v:
            buf += struct.pack("<3f", *p)
        idx_off = len(buf)
        for t in tris:
            buf += struct.pack("<3H", *t)
        while len(buf) % 4:
            buf += b"\0"
        nv = len(doc["bufferViews"])
        doc["bufferViews"] += [{"buffer": 0, "byteOffset": pos_off, "byteLength": 12 * len(v)},
                               {"buffer": 0, "byteOffset": idx_off, "byteLength": 6 * len(tris)}]
        na = len(doc["accessors"])
        doc["accessors"] += [
            {"bufferView": nv, "componentType": 5126, "count": len(v), "type": "VEC3",
             "min": [min(p[i] for p in v) for i in range(3)],
             "max": [max(p[i] for p in v) for i in range(3)]},
            {"bufferView": nv + 1, "componentType": 5123, "count": 3 * len(tris),
             "type": "SCALAR"}]
        doc["meshes"].append({"name": name,
                              "primitives": [{"attributes": {"POSITION": na}, "indices": na + 1}]})
        doc["scenes"][0]["nodes"].append(len(doc["nodes"]))
        doc["nodes"].append({"name": name, "mesh": len(doc["meshes"]) - 1})
    if external:
        doc["buffers"] = [{"uri": "heart.bin", "byteLength": len(buf)}]
    else:
        doc["buffers"] = [{"byteLength": len(buf)}]
    return doc, bytes(buf)


def gltf_text(parts, external=False):
    doc, buf = gltf(parts, external)
    if not external:
        doc["buffers"][0]["uri"] = ("data:application/octet-stream;base64," +
                                    base64.b64encode(buf).decode("ascii"))
    return json.dumps(doc, separators=(",", ":")).encode("ascii")


def glb(parts):
    doc, buf = gltf(parts)
    text = json.dumps(doc, separators=(",", ":")).encode("ascii")
    text += b" " * (-len(text) % 4)
    out = struct.pack("<4sII", b"glTF", 2, 12 + 8 + len(text) + 8 + len(buf))
    out += struct.pack("<I4s", len(text), b"JSON") + text
    out += struct.pack("<I4s", len(buf), b"BIN\0") + buf
    return out


def mesh_seeds():
    h = "fuzz-mesh"
    # fuzz-mesh.c: the first byte picks the format, '0' glb, '1' gltf, '2' stl, '3' obj, '4' ply.
    # A name holding "bad-" must be refused, any other must load (ct-fuzz-replay.c).
    lv = bicone((0, 0, 0), 25, 90, 8)
    rv = bicone((-30, 0, 10), 15, 70, 6)
    la = bicone((0, 0, 95), 15, 30, 5)
    pool = bicone((0, 0, 8), 15, 70, 6)
    write(h, "0-glb-lv-rv.glb", b"0" + glb([("LV", lv), ("RV", rv)]))
    write(h, "1-gltf-lv-rv-la.gltf", b"1" + gltf_text([("LV_myocardium", lv), ("RV", rv),
                                                        ("left atrium", la)]))
    write(h, "1-gltf-bad-external-buffer.gltf", b"1" + gltf_text([("LV", lv)], external=True))
    write(h, "2-stl-ascii-lv.stl", b"2" + ascii_stl("LV", lv))
    write(h, "2-stl-bad-binary-unnamed.stl", b"2" + binary_stl(lv))
    write(h, "2-stl-bad-binary-truncated.stl", b"2" + binary_stl(lv)[:200])
    write(h, "3-obj-lv-rv-pool.obj", b"3" + obj([("LV", lv), ("Right_ventricle", rv),
                                                  ("LV_blood_pool", pool)]))
    write(h, "3-obj-mtllib.obj", b"3" + obj([("LV", lv)], extra="mtllib heart.mtl\nusemtl red"))
    # A PLY, like the binary STL above, carries no part names: the import finds no LV and refuses
    # it (bad-). They stay as seeds of assimp's readers of those formats.
    write(h, "4-ply-bad-ascii-no-part-names.ply", b"4" + ply_ascii(lv))
    write(h, "4-ply-bad-binary-no-part-names.ply", b"4" + ply_binary(lv))
    # Broken files, as test-mesh-import.c writes them.
    write(h, "3-obj-bad-nan.obj", b"3o LV\nv nan 0 0\nv 10 0 0\nv 0 10 0\nv 0 0 90\n"
                                  b"f 1 2 3\nf 1 3 4\nf 1 4 2\nf 2 4 3\n")
    write(h, "3-obj-bad-flat.obj", b"3o LV\nv 0 0 0\nv 10 0 0\nv 20 0 0\nf 1 2 3\n")
    write(h, "3-obj-bad-vast.obj", b"3o LV\nv 0 0 0\nv 3e38 0 0\nv 0 3e38 0\nv 0 0 3e38\n"
                                   b"f 1 2 3\nf 1 3 4\nf 1 4 2\nf 2 4 3\n")
    write(h, "3-obj-bad-face-past-end.obj", b"3o LV\nv 0 0 0\nv 10 0 0\nv 0 10 0\nf 1 2 7\n")
    write(h, "3-obj-bad-no-lv.obj", b"3" + obj([("RV", rv)]))


fhir_seeds()
mesh_seeds()
