"""Grading a whole class: LMS files in (`records`), a resumable SQLite store
(`store`), every core or a Dask cluster (`executors`, `cluster`), and what a
course needs back: graded records, gradebooks, Gradescope results and a
report. It composes the grader; it holds no mathematics."""
