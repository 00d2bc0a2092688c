"""Quiz of week 1: introduction to deep learning."""

from utils.quizzes import select_all, single

TITLE = "Week 1 quiz: introduction to deep learning"
INTRO = ("Ten questions on what deep learning is good at, why it took off when it did, and how supervised "
         "learning is set up.")

QUESTIONS = [
    single(
        "A neural network learns to map a house's size, number of bedrooms and postcode to its price from "
        "thousands of past sales. What kind of learning is this?",
        ["Supervised learning: every example comes with the answer the network should give",
         "Unsupervised learning: the network finds groups of similar houses on its own",
         "Reinforcement learning: the network is rewarded when a sale goes through",
         "No learning: the price is computed by a fixed formula"],
        "a",
        "Each past sale pairs an input (size, bedrooms, postcode) with a known output (its price). Learning a "
        "mapping from such labelled pairs is supervised learning.",
    ),
    select_all(
        "Which of these are *unstructured* data?",
        ["The pixels of a photograph",
         "A table of customers with their age and yearly spending",
         "The sound wave of a spoken sentence",
         "The words of a product review"],
        {"a", "c", "d"},
        "Images, audio and free text have no columns with agreed meanings; a table whose every column is a named "
        "feature is structured data.",
    ),
]
