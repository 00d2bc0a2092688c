"""The course's nbgrader configuration; the root ``nbgrader_config.py`` loads it.

What it changes from stock nbgrader (see autograder/README.md):

* ``generate_assignment`` writes the course's ``name = None`` stubs between
  ``### START CODE HERE ###`` and ``### END CODE HERE ###``;
* ``autograde`` grades with :class:`autograder.grade.GradeInSandbox` instead of
  running the notebook in the student's kernel;
* duplicated and deleted test cells, and cells whose nbgrader flags a student
  changed, are repaired (:mod:`autograder.sanitize`), so such a submission is
  graded too.
"""

from nbconvert.preprocessors import ClearMetadataPreprocessor
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

from autograder.grade import GradeInSandbox
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
    c.Autograde.sanitize_preprocessors = [
        ClearOutput, DropDuplicateIds, OverwriteKernelspec, RestoreMissingTests, CheckCellMetadata,
    ]
    c.RestoreMissingTests.add_missing_cells = True
    c.Autograde.create_student = True
