"""The data directory can be anywhere, and a missing file says where we looked."""

import pytest

from utils.data import DatasetNotFoundError, configured_data_dir, data_path


def test_environment_variable_moves_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    (tmp_path / "train_catvnoncat.h5").write_bytes(b"")
    assert configured_data_dir() == tmp_path
    assert data_path("train_catvnoncat.h5") == tmp_path / "train_catvnoncat.h5"


def test_missing_file_names_the_file_the_folder_and_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetNotFoundError) as error:
        data_path("test_catvnoncat.h5")
    message = str(error.value)
    assert "test_catvnoncat.h5" in message and str(tmp_path / "nowhere") in message and "COURSE_DATA_DIR" in message
