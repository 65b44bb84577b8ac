"""The quiz as an IMS QTI 1.2 package for Canvas (a zip: ``imsmanifest.xml``, the assessment and
Canvas's ``assessment_meta.xml``).

Written with the standard library's ElementTree because no maintained Python library writes
QTI 1.2. The layout, identifiers and item structure follow what text2qti (the reference tool
for Canvas imports) writes: ``questestinterop/assessment/section/item`` with
``itemmetadata`` (``question_type``, ``points_possible``, ``original_answer_ids``), a
``presentation`` with one ``response_lid`` per choice (``render_choice``), ``resprocessing``
setting ``SCORE`` and the general feedback as an ``itemfeedback`` ``general_fb``; the tests
compare the two. Matching questions (text2qti has none) use Canvas's own export shape: one
``response_lid`` per left item, each right item a ``response_label``, ``SCORE`` added per
correct pair. Ordering questions are matching ``Step 1…n`` to the items, as in GIFT.

Identifiers derive from the question ids, so two builds of the same graph give the same
package bytes (the zip's entries carry a fixed date).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from kg.teach.material import stable_id
from kg.teach.quiz import Question

__all__ = ["QTI_NS", "assessment_xml", "package_bytes"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
TYPES = {"choice": "multiple_choice_question", "true_false": "true_false_question",
         "matching": "matching_question", "ordering": "matching_question"}
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _mattext(parent: ET.Element, text: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype="text/plain")


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    meta = _sub(parent, "qtimetadata")
    for label, entry in fields.items():
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _choice_item(item: ET.Element, q: Question, labels: list[str], correct: int) -> list[str]:
    idents = [f"kg_choice_{stable_id(q.id, str(i), label)}" for i, label in enumerate(labels)]
    presentation = _sub(item, "presentation")
    _mattext(presentation, q.prompt)
    response = _sub(presentation, "response_lid", ident="response1", rcardinality="Single")
    render = _sub(response, "render_choice")
    for ident, label in zip(idents, labels, strict=True):
        _mattext(_sub(render, "response_label", ident=ident), label)
    processing = _processing(item)
    condition = _sub(processing, "respcondition", **{"continue": "No"})
    _sub(_sub(condition, "conditionvar"), "varequal", idents[correct], respident="response1")
    _sub(condition, "setvar", "100", action="Set", varname="SCORE")
    return idents


def _matching_item(item: ET.Element, q: Question, pairs: list[tuple[str, str]]) -> list[str]:
    presentation = _sub(item, "presentation")
    _mattext(presentation, q.prompt)
    rights = sorted({b for _, b in pairs}, key=lambda b: stable_id(q.id, b))
    right_ids = {b: f"kg_match_{stable_id(q.id, 'right', b)}" for b in rights}
    left_ids = [f"kg_left_{stable_id(q.id, 'left', a)}" for a, _ in pairs]
    for ident, (left, _) in zip(left_ids, pairs, strict=True):
        response = _sub(presentation, "response_lid", ident=f"response_{ident}")
        _mattext(response, left)
        render = _sub(response, "render_choice")
        for right in rights:
            _mattext(_sub(render, "response_label", ident=right_ids[right]), right)
    processing = _processing(item)
    share = f"{100 / len(pairs):.2f}"
    for ident, (_, right) in zip(left_ids, pairs, strict=True):
        condition = _sub(processing, "respcondition")
        _sub(_sub(condition, "conditionvar"), "varequal", right_ids[right],
             respident=f"response_{ident}")
        _sub(condition, "setvar", share, varname="SCORE", action="Add")
    return left_ids


def _processing(item: ET.Element) -> ET.Element:
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
         vartype="Decimal")
    condition = _sub(processing, "respcondition", **{"continue": "Yes"})
    _sub(_sub(condition, "conditionvar"), "other")
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return processing


def _item(section: ET.Element, q: Question) -> None:
    item = _sub(section, "item", ident=f"kg_question_{q.id}", title=q.title)
    fields = {"question_type": TYPES[q.kind], "points_possible": "1"}
    meta = _sub(item, "itemmetadata")
    if q.kind == "choice":
        ids = _choice_item(item, q, q.options, int(q.correct or 0))
    elif q.kind == "true_false":
        ids = _choice_item(item, q, ["True", "False"], 0 if q.correct else 1)
    elif q.kind == "matching":
        ids = _matching_item(item, q, q.pairs)
    else:
        ids = _matching_item(item, q, [(f"Step {i}", x) for i, x in enumerate(q.order, 1)])
    fields["original_answer_ids"] = ",".join(ids)
    fields["assessment_question_identifierref"] = f"kg_question_ref_{q.id}"
    _metadata(meta, fields)
    item.remove(meta)
    item.insert(0, meta)  # itemmetadata comes first in QTI 1.2
    feedback = _sub(item, "itemfeedback", ident="general_fb")
    _mattext(_sub(feedback, "flow_mat"), q.feedback())


def assessment_xml(questions: list[Question], title: str, ident: str) -> bytes:
    """The QTI 1.2 ``questestinterop`` document."""
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    assessment = _sub(root, "assessment", ident=ident, title=title)
    _metadata(assessment, {"cc_maxattempts": "1"})
    section = _sub(assessment, "section", ident="root_section")
    for q in questions:
        _item(section, q)
    return _serialize(root)


def _manifest(ident: str, title: str) -> bytes:
    root = ET.Element("manifest", {"identifier": f"kg_manifest_{ident}", "xmlns": CP_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    resource = _sub(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    _sub(resource, "dependency", identifierref=f"{ident}_meta")
    meta = _sub(resources, "resource", identifier=f"{ident}_meta",
                type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                href=f"{ident}/assessment_meta.xml")
    _sub(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _serialize(root)


def _meta(ident: str, title: str, count: int) -> bytes:
    root = ET.Element("quiz", {"identifier": ident, "xmlns": CANVAS_NS})
    _sub(root, "title", title)
    _sub(root, "description", f"Every question cites its sentence of “{title}”.")
    _sub(root, "shuffle_answers", "true")
    _sub(root, "quiz_type", "assignment")
    _sub(root, "points_possible", f"{float(count)}")
    _sub(root, "show_correct_answers", "true")
    _sub(root, "allowed_attempts", "1")
    return _serialize(root)


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def package_bytes(questions: list[Question], title: str) -> bytes:
    """The zip Canvas imports (Settings → Import course content → QTI .zip file)."""
    ident = f"kg_assessment_{stable_id('assessment', title, *(q.id for q in questions))}"
    files = {"imsmanifest.xml": _manifest(ident, title),
             f"{ident}/{ident}.xml": assessment_xml(questions, title, ident),
             f"{ident}/assessment_meta.xml": _meta(ident, title, len(questions))}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
