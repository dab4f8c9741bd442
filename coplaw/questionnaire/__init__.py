"""Questionnaire evidence: questions for what legislation cannot show, answers validated on
import, and answers cited as evidence (``kind: answer``) when an assessment is made."""
