"""Import jobs: a big upload is checked and saved by a Celery task while a page shows how far
it has come. Each app registers its kinds of file (`registry`); the core names none of them."""
