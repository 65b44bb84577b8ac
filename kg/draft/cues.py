"""Cue phrases for relations, hedges and negations, matched with spaCy's Matcher on lemmas.

Each cue is a phrase of lemmas (``NORM`` is the lower-cased lookup lemma, see
:mod:`kg.draft.nlp`) and the relations it may state, best first: the first whose domain and
range fit the two concepts' types is proposed. ``inverse`` cues name the object first ("pain
caused by overuse": overuse causes pain). A cue word between two mentions is what makes a
relation candidate; nothing is proposed from co-occurrence alone except the few
preposition patterns in :mod:`kg.draft.relations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Cue:
    name: str
    predicates: tuple[str, ...]
    inverse: bool = False
    confidence: float = 0.6


# phrase of lemmas -> (predicates best first, inverse?, confidence)
_CUES: dict[str, tuple[str, bool, float]] = {
    "cause": ("causes contributesTo", False, 0.75),
    "lead to": ("causes contributesTo", False, 0.75),
    "result in": ("causes", False, 0.75),
    "produce": ("causes", False, 0.6),
    "trigger": ("causes", False, 0.7),
    "give rise to": ("causes", False, 0.7),
    "bring on": ("causes", False, 0.6),
    "source of": ("causes", False, 0.6),
    "cause of": ("causes", False, 0.65),
    "cause by": ("causes contributesTo", True, 0.75),
    "due to": ("causes contributesTo", True, 0.65),
    "because of": ("causes", True, 0.6),
    "result from": ("causes", True, 0.7),
    "stem from": ("causes", True, 0.65),
    "contribute to": ("contributesTo", False, 0.7),
    "increase the risk of": ("contributesTo", False, 0.7),
    "raise the risk of": ("contributesTo", False, 0.7),
    "risk factor for": ("contributesTo", False, 0.65),
    "predispose": ("contributesTo", False, 0.6),
    "increase": ("causes strains", False, 0.5),
    "worsen": ("causes", False, 0.5),
    "involve": ("involves affects includes", False, 0.6),
    "limit": ("impairs reduces", False, 0.6),
    # verbs that are names more often than not ("a scaphoid fracture"): cues only after a
    # modal ("can tear the tendon"), see is_noun_use
    "tear": ("affects", False, 0.55),
    "fracture": ("affects", False, 0.55),
    "crush": ("affects", False, 0.55),
    "rupture": ("affects", False, 0.55),
    "bruise": ("affects", False, 0.5),
    "restrict": ("impairs", False, 0.6),
    "impair": ("impairs", False, 0.65),
    "compromise": ("impairs", False, 0.6),
    "weaken": ("impairs affects", False, 0.55),
    "strain": ("strains", False, 0.6),
    "place strain on": ("strains", False, 0.7),
    "put strain on": ("strains", False, 0.7),
    "put pressure on": ("strains", False, 0.7),
    "place stress on": ("strains", False, 0.7),
    "put stress on": ("strains", False, 0.7),
    "overload": ("strains", False, 0.65),
    "compress": ("strains", False, 0.6),
    "pull on": ("strains", False, 0.6),
    "irritate": ("affects strains", False, 0.6),
    "damage": ("affects", False, 0.6),
    "injury to": ("affects", False, 0.65),
    "injury of": ("affects", False, 0.65),
    "condition of": ("affects", False, 0.6),
    "disorder of": ("affects", False, 0.6),
    "inflammation of": ("affects", False, 0.6),
    "problem with": ("affects", False, 0.5),
    "tear of": ("affects", False, 0.6),
    "improve with": ("treats", True, 0.6),
    "respond to": ("treats", True, 0.55),
    # recovery verbs name the treatment after "with": "fades with rest", "heals with rest"
    "fade with": ("reduces treats", True, 0.55),
    "settle with": ("treats reduces", True, 0.55),
    "subside with": ("reduces treats", True, 0.55),
    "heal with": ("treats", True, 0.6),
    "recover with": ("treats", True, 0.6),
    "treat with": ("treats", True, 0.65),
    "treat by": ("treats", True, 0.65),      # "X is treated by resting the leg"
    "manage by": ("treats", True, 0.6),
    "prevent": ("reduces treats", False, 0.55),
    "cut the risk of": ("reduces", False, 0.6),
    "reduce the risk of": ("reduces", False, 0.65),
    "lower the risk of": ("reduces", False, 0.6),
    "happen during": ("contributesTo", True, 0.5),   # "It usually happens during sprinting"
    "occur during": ("contributesTo", True, 0.5),
    "manage with": ("treats", True, 0.6),
    "relieve by": ("treats", True, 0.6),
    "check": ("diagnoses", False, 0.5),
    "test": ("diagnoses", False, 0.45),
    "examine": ("diagnoses", False, 0.5),
    "measure": ("diagnoses", False, 0.45),
    "affect": ("affects", False, 0.6),
    "injure": ("affects", False, 0.6),
    "inflame": ("affects", False, 0.55),
    "reduce": ("treats reduces impairs", False, 0.6),
    "decrease": ("reduces impairs", False, 0.55),
    "lessen": ("reduces", False, 0.55),
    "relieve": ("treats reduces", False, 0.65),
    "ease": ("treats reduces", False, 0.6),
    "alleviate": ("treats reduces", False, 0.65),
    "manage": ("treats", False, 0.6),
    "treat": ("treats", False, 0.7),
    "treatment for": ("treats", False, 0.65),
    "treatment of": ("treats", False, 0.65),
    "help": ("treats", False, 0.45),
    "eliminate": ("eliminates reduces", False, 0.65),
    "repair": ("treats restores", False, 0.6),
    "picture of": ("visualizes", False, 0.55),
    "image of": ("visualizes", False, 0.55),
    "view of": ("visualizes", False, 0.5),
    "cure": ("eliminates", False, 0.6),
    "resolve": ("eliminates treats", False, 0.55),
    "target": ("targets", False, 0.65),
    "focus on": ("targets restores", False, 0.55),
    "aim at": ("targets", False, 0.6),
    "address": ("targets treats", False, 0.5),
    "stretch": ("targets", False, 0.6),
    "strengthen": ("strengthens targets", False, 0.7),
    "restore": ("restores", False, 0.65),
    "improve": ("restores treats", False, 0.55),
    "correct": ("restores treats", False, 0.55),
    "include": ("includes isKindOf", False, 0.55),
    "consist of": ("includes", False, 0.55),
    "in conjunction with": ("usedWith", False, 0.65),
    "alongside": ("usedWith", False, 0.55),
    "combine with": ("usedWith", False, 0.6),
    "together with": ("usedWith", False, 0.55),
    "along with": ("usedWith", False, 0.5),
    "inject": ("uses", False, 0.6),
    "of a": ("uses", False, 0.3),
    "part of": ("partOf", False, 0.65),
    "make up": ("partOf", False, 0.55),
    "make of": ("partOf", True, 0.6),        # "the spine is made of vertebrae"
    "make up of": ("partOf", True, 0.6),
    "between": ("locatedIn", False, 0.45),   # "discs between the vertebrae"
    "run from": ("linkedTo", False, 0.6),    # "runs from the skull to the shoulder"
    "stretch from": ("linkedTo", False, 0.6),
    "extend from": ("linkedTo", False, 0.6),
    "attach to": ("linkedTo", False, 0.6),
    "press on": ("strains", False, 0.65),
    "press against": ("strains", False, 0.65),
    "push on": ("strains", False, 0.6),
    "squeeze": ("strains", False, 0.6),
    "pinch": ("strains", False, 0.6),
    "rub on": ("strains", False, 0.6),
    "rub against": ("strains", False, 0.6),
    "stress": ("strains", False, 0.55),
    "load": ("strains", False, 0.45),
    "relax": ("treats reduces", False, 0.55),
    "soothe": ("treats reduces", False, 0.55),
    "calm": ("treats reduces", False, 0.5),
    "remove": ("treats eliminates", False, 0.5),
    "sign of": ("causes", True, 0.6),       # "pain can be a sign of meningitis"
    "symptom of": ("causes", True, 0.6),
    "feature of": ("causes", True, 0.55),
    "compensate for": ("contributesTo", True, 0.5),
    "raise the risk": ("contributesTo", False, 0.55),
    "occur when": ("affects causes", False, 0.5),     # "X occurs when the tendons are squeezed"
    "happen when": ("affects causes", False, 0.5),
    "common in": ("contributesTo", True, 0.5),        # "more common in people with diabetes"
    "follow": ("causes", True, 0.45),                 # "usually follows an old fracture"
    "make worse": ("aggravatedBy", True, 0.6),
    "form": ("partOf", False, 0.4),
    "type of": ("isKindOf", False, 0.65),
    "kind of": ("isKindOf", False, 0.65),
    "form of": ("isKindOf", False, 0.65),
    "such as": ("isKindOf", True, 0.6),
    "like": ("isKindOf", True, 0.45),
    "link": ("linkedTo", False, 0.6),
    "connect": ("connects linkedTo", False, 0.65),
    "attach": ("linkedTo", False, 0.55),
    "join": ("connects linkedTo", False, 0.55),
    "stabilize": ("stabilizes", False, 0.7),
    "stabilise": ("stabilizes", False, 0.7),
    "support": ("stabilizes", False, 0.5),
    "steady": ("stabilizes", False, 0.6),
    "extend": ("extendsJoint radiatesTo", False, 0.6),
    "straighten": ("extendsJoint", False, 0.6),
    "supply": ("supplies", False, 0.65),
    "innervate": ("supplies", False, 0.7),
    "feel in": ("feltIn", False, 0.7),
    "feel deep in": ("feltIn", False, 0.7),
    "feel at": ("feltIn", False, 0.65),
    "feel around": ("feltIn", False, 0.65),
    "feel over": ("feltIn", False, 0.65),
    "localize": ("feltIn", False, 0.6),
    "locate in": ("locatedIn feltIn", False, 0.6),
    "within": ("locatedIn", False, 0.4),
    "run along": ("locatedIn", False, 0.55),
    "run behind": ("locatedIn", False, 0.55),
    "run through": ("locatedIn", False, 0.55),
    "run down": ("locatedIn", False, 0.5),
    "pass through": ("locatedIn", False, 0.5),
    "pass behind": ("locatedIn", False, 0.5),
    "sit in": ("locatedIn", False, 0.5),
    "lie in": ("locatedIn", False, 0.5),
    "originate in": ("originatesIn", False, 0.7),
    "originate from": ("originatesIn", False, 0.7),
    "come from": ("originatesIn causes", True, 0.55),
    "arise from": ("originatesIn causes", True, 0.6),
    "radiate": ("radiatesTo", False, 0.7),
    "spread": ("radiatesTo", False, 0.6),
    "shoot": ("radiatesTo", False, 0.6),
    "travel": ("radiatesTo", False, 0.55),
    "worsen with": ("aggravatedBy", False, 0.75),
    "bad with": ("aggravatedBy", False, 0.7),
    "intensify with": ("aggravatedBy", False, 0.75),
    "increase with": ("aggravatedBy", False, 0.65),
    "flare with": ("aggravatedBy", False, 0.7),
    "aggravate by": ("aggravatedBy", False, 0.75),
    "provoke by": ("aggravatedBy", False, 0.7),
    "bring on by": ("aggravatedBy", False, 0.7),
    "worsen during": ("aggravatedBy", False, 0.65),
    "bad during": ("aggravatedBy", False, 0.6),
    "start during": ("aggravatedBy", False, 0.55),   # "the pain starts during a run"
    "begin during": ("aggravatedBy", False, 0.55),
    "come on during": ("aggravatedBy", False, 0.55),
    "bad after": ("aggravatedBy", False, 0.55),
    "aggravate": ("aggravatedBy", True, 0.55),
    "provoke": ("aggravatedBy", True, 0.55),
    "hard to distinguish from": ("hardToDistinguishFrom", False, 0.6),
    "confirm": ("confirmsSource diagnoses", False, 0.6),
    "diagnose": ("diagnoses", False, 0.7),
    "detect": ("diagnoses visualizes", False, 0.6),
    "identify": ("diagnoses", False, 0.55),
    "assess": ("diagnoses", False, 0.55),
    "evaluate": ("diagnoses", False, 0.55),
    "rule out": ("diagnoses", False, 0.55),
    "reveal": ("visualizes diagnoses", False, 0.6),
    "show": ("visualizes diagnoses", False, 0.55),
    "visualize": ("visualizes", False, 0.7),
    "visualise": ("visualizes", False, 0.7),
}

HEDGES = {"may", "might", "can", "could", "sometimes", "possibly", "likely", "often",
          "occasionally", "typically", "usually", "suggest", "appear", "frequently",
          "perhaps", "probably"}
NEGATIONS = {"not", "no", "never", "without", "neither", "nor", "cannot", "n't", "rarely",
             "seldom", "none"}


def cues() -> dict[str, Cue]:
    """The cue table (name -> Cue)."""
    return {phrase: Cue(phrase, tuple(preds.split()), inverse, confidence)
            for phrase, (preds, inverse, confidence) in _CUES.items()}


class CueMatcher:
    """Cue phrases over the tokens' ``norm_`` (lemma), as spaCy's ``Matcher`` would match them
    with one NORM pattern per phrase; written out because importing spaCy costs more than a
    whole draft (:mod:`kg.draft.tokens`).

    A word may sit inside a cue of several words ("leads directly to", "put extra strain on"):
    one optional word (not and/or/but) is allowed after the first.
    """

    def __init__(self, table: dict[str, Cue]) -> None:
        self.table = table
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for phrase in table:
            words = tuple(phrase.split())
            self.by_first.setdefault(words[0], []).append((phrase, words[1:]))

    def __call__(self, doc: Any) -> list[tuple[Cue, int, int]]:
        """Every match: (cue, start token, end token), overlapping ones included."""
        norms = [token.norm_ for token in doc]
        found = _frames(norms)
        for start, norm in enumerate(norms):
            for phrase, rest in self.by_first.get(norm, ()):
                if not rest:
                    found.append((self.table[phrase], start, start + 1))
                    continue
                for skip in (0, 1):
                    at = start + 1 + skip
                    if skip and not (start + 1 < len(doc) and doc[start + 1].is_alpha
                                     and norms[start + 1] not in {"and", "or", "but"}):
                        continue
                    if tuple(norms[at:at + len(rest)]) == rest:
                        found.append((self.table[phrase], start, at + len(rest)))
        return found


# cues around their object: "X and Y make a stress fracture more likely" (the verb, then up to
# six words, then the closing words); the match is the verb alone, so the object stays after it
_FRAMES = {("make", ("more", "likely")): Cue("make ... more likely", ("contributesTo",),
                                             False, 0.65),
           ("make", ("likely",)): Cue("make ... likely", ("contributesTo",), False, 0.6)}


def _frames(norms: list[str]) -> list[tuple[Cue, int, int]]:
    found = []
    for start, norm in enumerate(norms):
        for (verb, closing), cue in _FRAMES.items():
            if norm != verb:
                continue
            for at in range(start + 2, min(len(norms), start + 8)):
                if tuple(norms[at:at + len(closing)]) == closing:
                    found.append((cue, start, start + 1))
                    break
                if norms[at] in {".", ";", "and", "but"}:
                    break
    # one frame per verb: "more likely" is found first, "likely" inside it is the same
    return list({start: (cue, start, end) for cue, start, end in reversed(found)}.values())


@lru_cache(maxsize=1)
def cue_matcher() -> CueMatcher:
    """The matcher of the cue table (built once per process)."""
    return CueMatcher(cues())


def cue_verbs() -> frozenset[str]:
    """The first words (lemmas) of the verb cues: never part of a concept's name."""
    words = {phrase.split()[0] for phrase in _CUES}
    return frozenset(words - {"source", "risk", "part", "type", "kind", "form",
                              "such", "of", "in", "hard", "bad", "within", "alongside",
                              "together", "along", "because", "due", "like", "support",
                              "stretch", "strain", "overload", "damage", "increase",
                              "spread", "extend", "help", "tear", "fracture", "crush",
                              "rupture", "bruise"}
                 | {"allow", "place", "put", "make", "become", "get", "use", "employ",
                    "perform", "notice", "call", "run", "cross", "sit", "pull"})


_NOUN_BEFORE = {"the", "a", "an", "sudden", "rapid", "gradual", "slight", "common", "main",
                "root", "most", "major", "frequent", "another", "other", "primary", "leading",
                "possible", "usual"}


_VERB_ONLY_AFTER_MODAL = {"tear", "fracture", "crush", "rupture", "bruise"}
_MODALS = {"can", "may", "might", "could", "will", "would", "to", "often", "sometimes",
           "usually", "also"}


def is_noun_use(doc: Any, start: int, end: int) -> bool:
    """A one-word verb cue used as a noun ("the most common cause,"; "a fracture", which is a
    verb only after a modal: "can fracture the scaphoid")."""
    if end - start != 1:
        return False
    before = doc[start - 1].text.lower() if start > 0 else ""
    if doc[start].norm_ in _VERB_ONLY_AFTER_MODAL:
        return before not in _MODALS
    return bool(before) and before in _NOUN_BEFORE


def hedges_and_negations(words: list[str]) -> tuple[list[str], list[str]]:
    """The hedge and negation words among lower-case ``words``, in order, without repeats."""
    hedges = list(dict.fromkeys(w for w in words if w in HEDGES))
    negations = list(dict.fromkeys(w for w in words if w in NEGATIONS))
    return hedges, negations
