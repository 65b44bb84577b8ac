"""Make terms.tsv from released files of open ontologies (run by hand; kg only reads the TSV).

Usage: python extract.py HP_LABELS.tsv MONDO_CLASS_STATS.tsv MAXO.obo UBERON.obo [UBERON.obo ...]

HP_LABELS.tsv: the ``subject_id`` and ``source_value`` columns of an HPO babelon translation file
(rows with predicate ``rdfs:label``); MONDO_CLASS_STATS.tsv: Mondo's reports/class-stats.tsv;
the .obo files: MAxO's maxo.obo and Uberon's musculoskeletal.obo plus the Uberon imports and
subsets that hold body regions. Only terms about muscles, bones, joints, pain and their
treatment are kept (keyword filters below): the lexicon is for musculoskeletal teaching texts.
Output (stdout): ``name  label  type  id`` rows, one per label or exact synonym.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict

WORDS = re.compile(r"^[A-Za-z][A-Za-z' -]*[A-Za-z]$")
BAD_ANATOMY = re.compile(r"\b(fin|fins|larva\w*|embryo\w*|primordium|rudiment|pharyn\w*|gill|"
                         r"scale|wing|avian|hindlimb|forelimb|hind limb|fore limb|pes|manus|"
                         r"autopod\w*|stylopod\w*|zeugopod\w*|ray|tetrapod|mammal\w*|"
                         r"vertebrate|pectoral girdle|pelvic girdle|os|anlage|"
                         r"condensation|element|tissue|organ|segment|subdivision|region of|"
                         r"structure|system|cavity|cell|complex|skeleton)\b")
# Uberon roots and the kgv type of everything below them
ROOTS = {"UBERON:0001630": "Muscle", "UBERON:0014892": "Muscle", "UBERON:0005090": "Muscle",
         "UBERON:0000982": "Joint", "UBERON:0002217": "Joint", "UBERON:0000211": "Ligament",
         "UBERON:0000043": "Tissue", "UBERON:0002418": "Tissue", "UBERON:0007844": "Tissue",
         "UBERON:0001066": "Tissue", "UBERON:0001992": "Tissue", "UBERON:0001474": "Bone",
         "UBERON:0002481": "Bone", "UBERON:0001021": "Nerve", "UBERON:0000475": "BodyRegion",
         "UBERON:0002529": "BodyRegion", "UBERON:0002101": "BodyRegion",
         "UBERON:0004755": "Tissue", "UBERON:0006077": "AnatomicalStructure",
         "UBERON:0000075": "AnatomicalStructure"}
HP_KEEP = re.compile(r"pain|stiff|swell|weak|gait|arthr|tendin|burs|fractur|sprain|spasm|"
                     r"cramp|numb|tingl|contracture|scoliosis|kyphosis|lordosis|osteopor|"
                     r"sciatica|impingement|dislocat|instabil|inflam|limitation|mobility|"
                     r"tender|crepitus|laxity|myalgia|radicul|ache|fatigue|limp|"
                     r"range of motion|cartilage|meniscus|ligament|muscle|joint|back|spine",
                     re.I)
HP_DROP = re.compile(r"abnormal|morpholog|aplasia|hypoplasia|congenital|absent|\bof\b.*\bof\b|"
                     r"\(|\d|increased|decreased|elevated|level|concentration|cell|fetal|"
                     r"neonatal|prenatal|serum|urine", re.I)
SYMPTOM = re.compile(r"pain|ache|stiff|swell|weakness|tender|gait|numb|tingl|cramp|spasm|"
                     r"crepitus|fatigue|limitation|limited|restricted|reduced|limp|myalgia|"
                     r"arthralgia|sciatica", re.I)
MONDO_KEEP = re.compile(r"arthritis|osteoarthritis|arthrosis|tendinitis|tendinopathy|tendonitis|"
                        r"bursitis|fasciitis|fracture|sprain|strain|dislocation|tear|sciatica|"
                        r"spondyl|scoliosis|osteoporosis|herniat|impingement|lumbago|gout|"
                        r"carpal tunnel|epicondylitis|capsulitis|myositis|back pain|"
                        r"chondromalacia|stenosis|sacroiliitis|osteonecrosis", re.I)
MONDO_DROP = re.compile(r"\d|type|familial|hereditary|congenital|autosomal|non-human|"
                        r"susceptibility|\bwith\b|due to|\band\b|\bor\b|syndrome [a-z]|"
                        r"juvenile|infantile|neonatal|ventricular|aortic|mitral|valve|"
                        r"pulmonary|spinal muscular|progressive|primary|secondary|x-linked|"
                        r"immunodeficiency|tumor|cancer|carcinoma|sarcoma|\bof\b.*\bof\b", re.I)
MAXO_KEEP = re.compile(r"therapy|physiotherapy|exercise|stretching|strengthening|surgery|"
                       r"surgical|arthroplasty|arthroscop|replacement|repair|reconstruction|"
                       r"fixation|injection|corticosteroid|anti-inflammatory|analgesic|nsaid|"
                       r"imaging|radiograph|x-ray|mri|magnetic resonance|ultrasound|"
                       r"ultrasonograph|computed tomography|brace|splint|orthosis|orthotic|"
                       r"\bcast\b|immobilization|cryotherapy|massage|acupuncture|weight loss|"
                       r"manual|traction|osteotomy|fusion|decompression|laminectomy|"
                       r"discectomy|tenotomy|rest\b", re.I)
MAXO_DROP = re.compile(r"\d|gene|cell|transplant|chemo|radiation|radiotherapy|dialysis|"
                       r"cardiac|heart|renal|kidney|liver|hepat|pulmonary|lung|brain|cereb|"
                       r"ocular|eye|dental|tooth|cochlear|ear\b|nasal|gastr|intestin|bowel|"
                       r"bladder|vascular|arter|vein|valve|skin|hair|nail|breast|uter|"
                       r"prenatal|fetal|neonatal|\bof\b.*\bof\b|enzyme|vaccin|antibod|"
                       r"inhibitor|agonist|antagonist|hormone|insulin|oxygen|nutrition|diet",
                       re.I)


def treatment_type(name: str) -> str:
    n = name.lower()
    if re.search(r"imaging|radiograph|x-ray|\bmri\b|magnetic resonance|ultraso|tomograph|scan",
                 n):
        return "ImagingTest"
    if "injection" in n:
        return "Injection"
    if re.search(r"exercise|stretching|strengthening", n):
        return "Exercise"
    if re.search(r"physical therapy|physiotherapy|manual therapy|massage|traction", n):
        return "PhysicalTherapy"
    if re.search(r"scop|plasty|ectomy|otomy|surg|replacement|repair|reconstruction|fixation|"
                 r"fusion|decompression", n):
        return "SurgicalProcedure"
    if re.search(r"drug|medication|corticosteroid|anti-inflammatory|analgesic|nsaid", n):
        return "Medication"
    return "Treatment"


def read_obo(paths: list[str]) -> dict[str, dict]:
    terms: dict[str, dict] = {}
    for path in paths:
        term: dict | None = None
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if line.startswith("["):
                    term = {"synonyms": [], "is_a": []} if line == "[Term]" else None
                    continue
                if term is None or ": " not in line:
                    continue
                key, value = line.split(": ", 1)
                if key == "id":
                    term = terms.setdefault(value, {"synonyms": [], "is_a": [], "id": value})
                elif key == "name":
                    term["name"] = value
                elif key == "synonym" and " EXACT" in value:
                    term["synonyms"].append(value.split('"')[1])
                elif key == "is_a":
                    term["is_a"].append(value.split()[0])
                elif key == "is_obsolete" and value == "true":
                    term["obsolete"] = True
    return terms


def uberon_type(term_id: str, terms: dict[str, dict], seen: set[str] | None = None) -> str | None:
    seen = seen or set()
    if term_id in ROOTS:
        return ROOTS[term_id]
    for parent in terms.get(term_id, {}).get("is_a", []):
        if parent not in seen:
            seen.add(parent)
            found = uberon_type(parent, terms, seen)
            if found:
                return found
    return None


def main(hp: str, mondo: str, maxo: str, *uberon: str) -> None:
    rows: set[tuple[str, str, str, str]] = set()

    def add(names: list[str], label: str, kind: str, term_id: str) -> None:
        for name in names:
            if WORDS.match(name) and len(name.split()) <= 5 and len(name) > 2:
                rows.add((name, label, kind, term_id))

    with open(hp, encoding="utf-8") as handle:
        for term_id, label in csv.reader(handle, delimiter="\t"):
            if HP_KEEP.search(label) and not HP_DROP.search(label) and len(label.split()) <= 4:
                label = label[0].lower() + label[1:]
                add([label], label, "Symptom" if SYMPTOM.search(label) else "Condition",
                    term_id)
    with open(mondo, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            label = row["cls_label"].strip('"')
            if (row["cls"].startswith("MONDO:") and MONDO_KEEP.search(label)
                    and not MONDO_DROP.search(label) and len(label.split()) <= 4):
                add([label], label, "Symptom" if SYMPTOM.search(label) else "Condition",
                    row["cls"])
    for term in read_obo([maxo]).values():
        name = term.get("name", "")
        if (term["id"].startswith("MAXO:") and not term.get("obsolete")
                and MAXO_KEEP.search(name) and not MAXO_DROP.search(name)):
            add([name, *term["synonyms"]], name, treatment_type(name), term["id"])
    terms = read_obo(list(uberon))
    for term in terms.values():
        if not term["id"].startswith("UBERON:") or term.get("obsolete") or "name" not in term:
            continue
        kind = uberon_type(term["id"], terms)
        if kind is None:
            continue
        names = [n for n in [term["name"], *term["synonyms"]]
                 if not BAD_ANATOMY.search(n.lower())]
        for name in names:  # the label: the term's own name if usable, else this name
            add([name], term["name"] if term["name"] in names else name, kind, term["id"])
    by_name: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for row in rows:
        by_name[row[0].lower()].append(row)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(["name", "label", "type", "id"])
    for key in sorted(by_name):
        # one row per name: an ambiguous name keeps its first ontology in HP, MONDO, MAXO,
        # UBERON order (sorted ids), so the lexicon never gives one name two types
        writer.writerow(sorted(by_name[key], key=lambda r: r[3])[0])


if __name__ == "__main__":
    main(*sys.argv[1:])
