"""`python -m detector.train`: rebuild the document classifier (see detector/training/doc_model.py)."""

from detector.training.doc_model import main

if __name__ == "__main__":
    main()
