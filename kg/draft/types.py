"""Type guessing from a name's last word ("-itis" -> Condition, "muscles" -> Muscle...).

Used for names the lexicon does not know (abbreviation long forms, head-word phrases). The
lexicon's type always wins; these rules are the fallback, and each guess says which word it
rests on so the curator sees why.
"""

from __future__ import annotations

from kg.names import normalize

HEADS: dict[str, str] = {}


def _heads(kind: str, words: str) -> None:
    for word in words.split():
        HEADS[normalize(word)] = kind


_heads("Condition", "syndrome disease disorder injury tear sprain fracture dislocation "
       "impingement instability dysfunction deformity imbalance tightness weakness "
       "degeneration arthritis osteoarthritis tendinopathy lesion rupture contracture "
       "spasm spur strain contusion bruise")
_heads("Symptom", "pain ache stiffness swelling tenderness numbness tingling soreness "
       "discomfort clicking locking popping limp sciatica cramp cramping burning bleeding")
_heads("Muscle", "muscle flexor extensor quadriceps quadricep hamstring glute glutes "
       "calf adductor abductor rotator")
_heads("Joint", "joint")
_heads("Bone", "bone femur tibia fibula patella kneecap pelvis sacrum vertebra "
       "vertebrae kneecap heel")
_heads("Ligament", "ligament")
_heads("AnatomicalStructure", "spine tunnel canal")
_heads("Tissue", "tendon cartilage meniscus menisci bursa disc disk fascia band capsule "
       "labrum cuff sheath")
_heads("Nerve", "nerve nerves")
_heads("PhysicalTherapy", "therapy physiotherapy rehabilitation")
_heads("Exercise", "exercise stretch stretching strengthening training squat bridge "
       "raise raises curl curls lunge lunges plank planks warm-up warmup")
_heads("Injection", "injection")
_heads("SurgicalProcedure", "surgery replacement arthroscopy arthroplasty reconstruction "
       "repair osteotomy meniscectomy fusion")
_heads("Medication", "medication medicine drug painkiller nsaid analgesic")
_heads("Treatment", "treatment rest brace bracing ice taping orthotic insole insoles "
       "footwear strap splint sling pad pads boot boots shoes cushion massage")
_heads("DiagnosticProcedure", "test examination exam assessment manoeuvre maneuver study "
       "studies")
_heads("ImagingTest", "scan mri x ray xray ultrasound imaging radiograph radiography")
_heads("BodyRegion", "region area groin thigh buttock leg shin ankle foot knee hip "
       "shoulder elbow wrist back finger toe thumb hand arm neck")
_heads("RiskFactor", "fall falls diabetes obesity smoking blow blows")
_heads("Activity", "activity activities sport sports movement movements")
_heads("Activity", "work gripping throwing reaching typing carrying")
_heads("Activity", "sitting running squatting standing climbing bending lifting jumping "
       "kneeling walking twisting pivoting cycling landing stairs sprinting kicking "
       "swimming dancing tackling")
_heads("Function", "motion mobility stability strength flexibility mechanics balance "
       "alignment control")
_heads("Mechanism", "inflammation compression compensation tilt overload wear friction "
       "stress load tension force forces overuse loading")

_SUFFIXES = (("itis", "Condition"), ("oma", "Condition"), ("opathy", "Condition"),
             ("algia", "Symptom"),
             ("osis", "Condition"), ("ectomy", "SurgicalProcedure"),
             ("plasty", "SurgicalProcedure"), ("scopy", "SurgicalProcedure"))
_NOT_CONDITIONS = {"diagnosis", "prognosis"}


def head_type(name: str, classes: set[str]) -> tuple[str, str] | None:
    """(type, the word it rests on) from the name's last word, or None.

    >>> head_type("patellar tendinitis", {"Condition"})
    ('Condition', 'tendinitis')
    >>> head_type("quadriceps muscles", {"Muscle", "Condition"})
    ('Muscle', 'muscle')
    >>> head_type("the weather", {"Condition"}) is None
    True
    """
    words = normalize(name).split()
    if not words:
        return None
    last = words[-1]
    for candidate in (" ".join(words[-2:]), last):
        kind = HEADS.get(candidate)
        if kind in classes:
            return kind, candidate
    if last not in _NOT_CONDITIONS:
        for suffix, kind in _SUFFIXES:
            if last.endswith(suffix) and kind in classes:
                return kind, last
    return None


def is_head(word_key: str) -> bool:
    """Whether a (normalized) word can end a concept name."""
    return word_key in HEADS or word_key.endswith(tuple(s for s, _ in _SUFFIXES))


_FAMILY = {"Treatment": {"Treatment", "PhysicalTherapy", "Exercise", "Medication", "Injection",
                         "SurgicalProcedure"},
           "DiagnosticProcedure": {"DiagnosticProcedure"},
           "ImagingTest": {"ImagingTest"},
           "AnatomicalStructure": {"AnatomicalStructure", "Joint", "Bone", "Muscle", "Ligament",
                                   "Nerve", "Tissue", "BodyRegion"},
           "RiskFactor": {"RiskFactor", "Activity"}}


def broad_match(kind: str, family: str) -> bool:
    """Whether ``kind`` is ``family`` or one of its kinds (without reading the vocabulary)."""
    return kind in _FAMILY.get(family, {family})
