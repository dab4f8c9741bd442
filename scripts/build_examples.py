"""Build the Word file of the bundled Valdoria example from the text drafted here.

The Child Protection Act is shipped as .docx so the quickstart reads a second real format. Run
``.venv/bin/python scripts/build_examples.py`` after editing the text below.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent.parent / "examples/valdoria/child_protection_act_2019.docx"

TITLE = "CHILD PROTECTION ACT, 2019"
SUBTITLE = "Act No. 4 of 2019"
LONG_TITLE = (
    "AN ACT to provide for the care and protection of children, to establish the Child "
    "Protection Authority, and for connected purposes."
)

# (heading, [paragraphs]); a paragraph that starts with "(" is an indented list entry.
SECTIONS: list[tuple[str, list[str]]] = [
    ("PART I - PRELIMINARY", []),
    ("1. Short title", ["This Act may be cited as the Child Protection Act, 2019."]),
    (
        "2. Interpretation",
        [
            "In this Act, unless the context otherwise requires—",
            '"Authority" means the Child Protection Authority established by section 4;',
            '"child" means a person below the age of eighteen years;',
            '"professional" means a teacher, a medical practitioner, a nurse, a social worker, '
            "a counsellor or any other person who works with children in the course of a trade, "
            "profession or employment;",
            '"sexual abuse", in relation to a child, includes sexual contact with the child, the '
            "exposure of the child to sexual acts or material, and the use of the child in the "
            "making of sexual images, whether in person or through a computer or other electronic "
            "means.",
        ],
    ),
    (
        "3. Best interests of the child",
        [
            "In every matter concerning a child, including proceedings before a court, the best "
            "interests of the child shall be the primary consideration, and the child shall be "
            "heard in a manner suited to the child's age and maturity."
        ],
    ),
    ("PART II - THE CHILD PROTECTION AUTHORITY", []),
    (
        "4. Establishment of the Authority",
        [
            "(1) There is established the Child Protection Authority.",
            "(2) The Authority shall—",
            "(a) receive and investigate reports of the abuse of children;",
            "(b) operate a free telephone helpline for children, open at all hours;",
            "(c) keep statistics on reports received, disaggregated by age, sex and the form of "
            "abuse; and",
            "(d) refer child victims to medical, psychological and legal services.",
        ],
    ),
    ("PART III - REPORTING OF ABUSE", []),
    (
        "5. Duty of professionals to report",
        [
            "(1) A professional who, in the course of his or her work, knows or has reasonable "
            "grounds to suspect that a child has been sexually abused shall report the matter to "
            "the Authority or to the police without delay.",
            "(2) A professional who fails to make a report under subsection (1) commits an offence "
            "and is liable on conviction to a fine or to imprisonment for not more than one year.",
            "(3) A person who makes a report in good faith under this section is not liable to any "
            "civil or criminal proceedings for making it.",
        ],
    ),
    (
        "6. General duty to report crimes",
        [
            "Every person who is aware that any offence has been committed shall give information "
            "of it to the nearest police station."
        ],
    ),
    ("PART IV - CHILD VICTIMS AND WITNESSES", []),
    (
        "7. Protection of child witnesses",
        [
            "(1) A court hearing a case in which a child is a victim or witness may allow the child "
            "to give evidence by video link or from behind a screen, and shall sit in private.",
            "(2) No person shall publish any information that is likely to identify a child who is "
            "a victim or witness in proceedings for a sexual offence.",
        ],
    ),
    (
        "8. Compensation",
        [
            "A court that convicts a person of a sexual offence against a child may order the "
            "person to pay compensation to the child for the harm suffered, including the cost of "
            "medical and psychological care."
        ],
    ),
]


def build(path: Path = OUT) -> Path:
    doc = Document()
    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(SUBTITLE)
    doc.add_paragraph(LONG_TITLE)
    for heading, paragraphs in SECTIONS:
        level = 1 if heading.startswith("PART") else 2
        doc.add_heading(heading, level=level)
        for text in paragraphs:
            doc.add_paragraph(text)
    doc.core_properties.title = TITLE.title()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
