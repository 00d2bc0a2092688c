"""The course's nbgrader configuration; the root ``nbgrader_config.py`` loads it.

What it changes from stock nbgrader (see autograder/README.md):

* ``generate_assignment`` writes the course's ``name = None`` stubs between
  ``### START CODE HERE ###`` and ``### END CODE HERE ###``;
* ``autograde`` grades with :class:`autograder.grade.GradeInSandbox` instead of
  running the notebook in the student's kernel;
* duplicated and deleted test cells, and cells whose nbgrader flags a student
  changed, are repaired (:mod:`autograder.sanitize`), so such a submission is
  graded too;
* ``generate_feedback`` writes the course's summary (each exercise with its
  score), wraps long report lines and shows the figures of cells the grader
  does not run (:mod:`autograder.feedback`, ``configure_feedback``), and, in a
  quiz's feedback, the explanations of the key once the instructor allows it
  (:class:`autograder.quiz_grading.QuizExplanations`).

:func:`configure_course_tools` adds what the instructor's and the students'
tools share: the course-local exchange and Validate's time limit.
"""

from pathlib import Path

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    OverwriteKernelspec,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ComputeChecksums,
    IgnorePattern,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    SaveAutoGrades,
    SaveCells,
)

from autograder.course_validation import configure_validate
from autograder.exchange import exchange_root
from autograder.feedback import (
    FEEDBACK_TEMPLATE,
    FEEDBACK_TEMPLATE_FILE,
    FORMGRADE_TEMPLATE,
    FORMGRADE_TEMPLATE_FILE,
    NBGRADER_TEMPLATES,
    TEMPLATES,
    CourseGetGrades,
    FeedbackSummary,
    KeepOwnOutputs,
)
from autograder.grade import GradeInSandbox
from autograder.quiz_grading import QuizExplanations
from autograder.sanitize import DropDuplicateIds, RestoreMissingTests
from autograder.stubs import CourseStubs

COURSE_ID = "dl-course"


def configure(c):
    """Fill the traitlets config object ``c`` of an nbgrader command."""
    c.CourseDirectory.course_id = COURSE_ID
    c.GenerateAssignment.preprocessors = [
        IncludeHeaderFooter, InstantiateTests, LockCells, CourseStubs, ClearOutput, CheckCellMetadata,
        ComputeChecksums, SaveCells, ClearHiddenTests, ClearMarkScheme, ComputeChecksums, CheckCellMetadata,
    ]
    c.Autograde.autograde_preprocessors = [
        GradeInSandbox, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata,
    ]
    # KeepOwnOutputs clears outputs like ClearOutput, after RestoreMissingTests so it reads the gradebook's flags.
    c.Autograde.sanitize_preprocessors = [
        DropDuplicateIds, OverwriteKernelspec, RestoreMissingTests, KeepOwnOutputs, CheckCellMetadata,
    ]
    c.RestoreMissingTests.add_missing_cells = True
    c.Autograde.create_student = True
    configure_feedback(c)


def configure_feedback(c):
    """What ``generate_feedback`` writes: the course's template and summary (autograder/README.md, "Feedback").

    The feedback's exporter settings are scoped to ``GenerateFeedback``
    (traitlets reads ``c.GenerateFeedback.HTMLExporter`` for the exporter it
    creates, in preference to ``c.HTMLExporter``). The plain ``c.HTMLExporter``
    settings are the formgrader's, whose exporter has no parent: its template with
    wrapping report lines.
    """
    c.GenerateFeedback.preprocessors = [CourseGetGrades, CSSHTMLHeaderPreprocessor, FeedbackSummary, QuizExplanations]
    c.GenerateFeedback.HTMLExporter.template_name = FEEDBACK_TEMPLATE
    c.GenerateFeedback.HTMLExporter.template_file = FEEDBACK_TEMPLATE_FILE
    c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]
    c.HTMLExporter.template_name = FORMGRADE_TEMPLATE
    c.HTMLExporter.template_file = FORMGRADE_TEMPLATE_FILE
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(NBGRADER_TEMPLATES)]


def configure_course_tools(c, course_root: Path) -> None:
    """Exchange and Validate settings of the course in ``course_root`` (where ``nbgrader_config.py`` is).

    The same settings reach students through ``release/jupyter/nbgrader_config.py``
    (:mod:`autograder.student_environment`): the exchange is ``course_root/exchange``
    unless ``COURSE_EXCHANGE_DIR`` names another (:mod:`autograder.exchange`), and
    Validate gives each cell :data:`autograder.course_validation.CELL_TIMEOUT` seconds
    and reports a cell it had to stop as failed.
    """
    c.Exchange.root = str(exchange_root(course_root))
    configure_validate(c)
