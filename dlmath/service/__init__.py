"""The HTTP service: `dlmath serve`. A thin layer over the library, the way
`blackd` is over `black`: the handlers read a request, call the grader, the
bank or the deriver, and write the answer; none of them grades anything.

- `app`: the FastAPI application and its routes;
- `schemas`: what goes over the wire (the bank's own models where they fit);
- `guard`: the bounds in front of the grader (body size, rate, admission);
- `grading`: the sandbox pool, the attempts kept in the store;
- `static/`: the practice page, our own HTML, CSS and JS.
"""
