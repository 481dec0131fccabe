"""Uploads are read only up to a limit: a file larger than PLEDGE_UPLOAD_MAX_BYTES is not kept
in memory or on disk. Django would otherwise spool any upload, however large, to a temporary
file before a form could say it is too large."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class TooLargeUpload(SimpleUploadedFile):
    """What a form is given for a file over the limit: its name and size, none of its bytes."""

    too_large = True

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(name, b"", content_type)
        self.size = size


class SizeLimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes each chunk on to Django's handlers until the file
    passes the limit, then keeps counting and drops the rest. The request is still read to
    its end, so the person gets the form's message rather than a broken connection."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.PLEDGE_UPLOAD_MAX_BYTES:
            return None  # the handlers after this one never see it
        return raw_data

    def file_complete(self, file_size: int) -> TooLargeUpload | None:
        if self.received > settings.PLEDGE_UPLOAD_MAX_BYTES:
            return TooLargeUpload(self.file_name, self.received, self.content_type)
        return None  # the next handler (in memory or a temporary file) gives the file
