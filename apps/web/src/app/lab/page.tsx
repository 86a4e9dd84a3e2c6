import { ZExperimentId } from '@recurrence/contracts';
import Link from 'next/link';
import { EXPERIMENTS } from '../../components/lab/experiments';

export default function LabPage() {
  return (
    <section>
      <h1>Lab</h1>
      <p className="muted">Small models trained live on this server with TensorFlow.js. Every number on a card&apos;s worked answer comes from one of these runs.</p>
      <ul className="deck-list">
        {ZExperimentId.options.map((id) => (
          <li key={id} className="panel deck">
            <div>
              <h3>{EXPERIMENTS[id].title}</h3>
              <p className="muted">{EXPERIMENTS[id].question}</p>
            </div>
            <Link className="button" href={`/lab/${id}`}>
              Open
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
