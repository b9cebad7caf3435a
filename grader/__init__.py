"""The grader: a student's answer text becomes a verdict, a score and feedback.

Data flows one way: text -> parse -> SymPy -> compare with the exercise's
reference under its policy -> verdict -> render.
"""
