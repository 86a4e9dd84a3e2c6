import { DeckList } from './deck-list';

export default function HomePage() {
  return (
    <>
      <section className="hero">
        <h1>Prepare for ML interviews with answers you can check</h1>
        <p>
          Recurrence schedules interview questions on RNNs, LSTMs and Transformers with spaced repetition, and backs its answers with small models
          trained live — so “the gradient vanishes” comes with the gradient.
        </p>
      </section>
      <DeckList />
    </>
  );
}
