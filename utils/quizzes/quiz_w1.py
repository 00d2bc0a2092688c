"""Quiz of week 1: introduction to deep learning."""

from utils.quizzes import select_all, single

TITLE = "Week 1 quiz: introduction to deep learning"
INTRO = ("Ten questions on what deep learning is good at, why it took off when it did, how supervised "
         "learning is set up, and why fast experiments matter.")

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
    single(
        "You build a speech-to-text system and train it on recordings that people have transcribed by hand. "
        "In the supervised-learning set-up, what are the input $x$ and the output $y$ of one training example?",
        ["$x$ is the transcript and $y$ is the recording",
         "$x$ is the recording and $y$ is its transcript",
         "$x$ is the recording and $y$ is the speaker's name",
         "There is no $y$: the network only listens to the recordings"],
        "b",
        "The network is given what it will see when it is used (the audio) and learns to produce what we want "
        "from it (the text), so the audio is $x$ and the hand-written transcript is its label $y$.",
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
    single(
        "Which statement about structured and unstructured data is right?",
        ["Neural networks can only learn from structured data, so images must first be turned into a table "
         "of hand-made features",
         "Whether data counts as structured depends on the size of the file it is stored in, not on what its "
         "values mean",
         "Unstructured data such as audio cannot carry labels, so it is only useful for unsupervised learning",
         "Deep learning has made computers far better at interpreting images, audio and text, once much "
         "harder for them than tables"],
        "d",
        "Interpreting raw pixels, sound and words used to be very hard for computers; deep networks learn "
        "useful features from such data directly. Structured data is not ruled out: networks do well on it "
        "too, for example in advertising and recommendations.",
    ),
    single(
        "Match each task with the kind of network usually used for it. Which option gets all three right?\n\n"
        "1. Predicting whether a user clicks an advert from a table of user and advert features\n"
        "2. Finding the pedestrians in a camera image\n"
        "3. Turning a spoken sentence into text",
        ["1: convolutional, 2: recurrent, 3: standard (fully connected)",
         "1: standard (fully connected), 2: convolutional, 3: recurrent",
         "1: recurrent, 2: standard (fully connected), 3: convolutional",
         "1: standard (fully connected), 2: recurrent, 3: convolutional"],
        "b",
        "A row of named features suits a standard fully connected network; convolutional networks are built "
        "for images, where nearby pixels belong together; recurrent networks read sequences such as audio one "
        "step at a time.",
    ),
    select_all(
        "Which of these helped deep learning take off in roughly the last fifteen years?",
        ["Large enough networks no longer need any training data",
         "Phones, cameras and websites now record far more labelled digital data than before",
         "GPUs and other fast hardware make it practical to train large networks",
         "Computers can now find the exact global minimum of any cost function",
         "Better algorithms, such as using ReLU instead of the sigmoid in hidden layers, made training faster"],
        {"b", "c", "e"},
        "Data, computation and algorithms grew together: more labelled data to learn from, hardware fast enough "
        "to train big networks on it, and algorithmic changes that make training quicker. Networks still learn "
        "from data, and training still only finds a good minimum, not a guaranteed global one.",
    ),
    single(
        "You compare a traditional learning algorithm (say, logistic regression on hand-designed features) "
        "with a large neural network while giving both more and more labelled training data. What does one "
        "typically see?",
        ["The network improves quickly at first but levels off early, while the traditional algorithm keeps "
         "improving as the data grows",
         "Both level off at the same accuracy, since more data helps every algorithm equally",
         "The traditional algorithm levels off after a while, while the large network keeps improving as the "
         "data grows",
         "The network wins by a wide margin at every training-set size, even with only a handful of examples"],
        "c",
        "With lots of labelled data a large network keeps turning more data into better performance, whereas "
        "a traditional algorithm plateaus. With little data the order is not fixed: there, skill with "
        "hand-designed features often decides which wins.",
    ),
    single(
        "Replacing the sigmoid by ReLU, $g(z) = \\max(0, z)$, in the hidden layers made networks train much "
        "faster. Why?",
        ["ReLU's output always lies between 0 and 1, so the next layer's inputs stay small and well scaled",
         "ReLU units need no weights or bias, so the network has far fewer parameters to learn",
         "ReLU is the only activation whose derivative exists at every point, so backpropagation never fails",
         "ReLU's slope stays 1 for all positive inputs, while the sigmoid's slope nearly vanishes for large "
         "$|z|$"],
        "d",
        "Gradient descent moves the parameters in proportion to the slopes. Where the sigmoid is flat its slope "
        "is nearly 0 and learning crawls; ReLU keeps a slope of 1 for all positive inputs.",
    ),
    single(
        "A network for house prices takes size, number of bedrooms, postcode and the wealth of the "
        "neighbourhood as input. What do you have to provide to train it?",
        ["The inputs, the prices, and the value of every hidden unit (such as \"family size\" or \"walkability\") "
         "for each house",
         "Only the hidden units' values; the network works out the inputs itself",
         "The inputs and the prices of the training houses; the network works out for itself what its hidden "
         "units should compute",
         "Only the prices; the network works out which inputs matter"],
        "c",
        "You supply $x$ and $y$ for each training example. What the hidden units compute is learned in "
        "training: they become whatever intermediate features help predict $y$.",
    ),
    select_all(
        "Building a good network usually means going round the loop *idea → code → experiment* many times. "
        "Which statements about this loop are right?",
        ["An experienced practitioner usually picks the best network on the first try, so the loop is rarely "
         "needed",
         "If one experiment takes a week instead of an hour, you can test far fewer ideas in the same time",
         "The loop is only needed in research, not when applying deep learning to a product",
         "Faster hardware and faster training algorithms shorten each round of the loop"],
        {"b", "d"},
        "Progress comes from trying many ideas and learning from each result, so the time an experiment takes "
        "limits how fast you improve. Even experts rarely get a network right the first time, in research or in "
        "products alike.",
    ),
]
