"""Uploaded files on their way in and onto the disk, for the pages and the API alike.

- `SizeLimitUploadHandler`, first of settings.FILE_UPLOAD_HANDLERS, counts each file's
  bytes as the request body streams in. Past SAMVERKAN_MAX_UPLOAD_MB it passes no more of
  the file on (neither memory nor disk fills up) and the file arrives as a
  `TooLargeUpload`: its real size and no content, which the content check
  (registry.files.check_upload) refuses as too large.
- `AtomicFileSystemStorage`, the default storage, writes a file under a temporary name
  in its final folder and gives it its name only when every byte is written: a full
  disk or any other failure while writing leaves nothing half-written in MEDIA_ROOT.
"""

import contextlib
import errno
import io
import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

PARTIAL_PREFIX = ".partial-"


def max_upload_bytes() -> int:
    return settings.SAMVERKAN_MAX_UPLOAD_MB * 1024 * 1024


class TooLargeUpload(UploadedFile):
    """A file that was larger than the limit: its name and size, none of its content."""

    too_large = True

    def __init__(self, name, content_type, size, charset=None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops keeping a file once it passes the limit, while the body still streams in."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            # None: the later handlers (memory, temporary file) get no more of this file.
            self.too_large = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # the next handler hands over the file it kept
        # Let the later handlers drop what they kept of the file before the limit.
        for handler in self.request.upload_handlers:
            if handler is not self and getattr(handler, "file", None) is not None:
                handler.file.close()
        return TooLargeUpload(self.file_name, self.content_type, self.received, self.charset)


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that never leaves a partly written file under the final name."""

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        # The temporary file is in the same folder, so that naming it is one atomic step
        # on the same file system; its hidden name never collides with a stored file.
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as out:
                for chunk in content.chunks():
                    self._write_chunk(out, chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(partial, self.file_permissions_mode or 0o644)
            while True:
                try:
                    self._publish(partial, full_path)
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                else:
                    break
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _write_chunk(self, out, chunk: bytes) -> None:
        out.write(chunk)

    def _publish(self, partial: str, full_path: str) -> None:
        """Give the complete file its name, never replacing another file."""
        if self._allow_overwrite:
            os.replace(partial, full_path)
            return
        try:
            os.link(partial, full_path)  # atomic, and refuses an existing name
        except FileExistsError:
            raise
        except OSError as error:
            # A file system without hard links: check, then rename (a narrow race).
            if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK}:
                raise
            if os.path.exists(full_path):
                raise FileExistsError(full_path) from None
            os.rename(partial, full_path)
